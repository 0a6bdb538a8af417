import { describe, expect, it } from 'vitest';
import { SHORTCUTS, comboLabel, findShortcut, matchesCombo, shortcutLabel, type KeyInput } from './shortcuts';

function key(k: string, mods: Partial<KeyInput> = {}): KeyInput {
  return {
    key: k,
    code: mods.code ?? '',
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    shiftKey: false,
    ...mods,
  };
}

describe('findShortcut', () => {
  it('finds Ctrl+L whatever the case', () => {
    expect(findShortcut(key('l', { ctrlKey: true }))?.id).toBe('lock');
    expect(findShortcut(key('L', { ctrlKey: true }))?.id).toBe('lock');
  });

  it('treats Cmd as Ctrl', () => {
    expect(findShortcut(key('l', { metaKey: true }))?.id).toBe('lock');
  });

  it('does not fire on the bare letter or with extra modifiers', () => {
    expect(findShortcut(key('l'))).toBeUndefined();
    expect(findShortcut(key('l', { ctrlKey: true, altKey: true }))).toBeUndefined();
    expect(findShortcut(key('L', { ctrlKey: true, shiftKey: true }))).toBeUndefined();
  });

  it('has two ways to search', () => {
    expect(findShortcut(key('k', { ctrlKey: true }))?.id).toBe('search');
    expect(findShortcut(key('F2'))?.id).toBe('search');
  });

  it('opens the help with F1', () => {
    expect(findShortcut(key('F1'))?.id).toBe('help');
  });

  it('matches Alt+1 / Alt+2 by physical key, as on an AZERTY keyboard', () => {
    // AZERTY: the 1 key without Shift produces "&", the 2 key "é".
    expect(findShortcut(key('&', { altKey: true, code: 'Digit1' }))?.id).toBe('goHome');
    expect(findShortcut(key('é', { altKey: true, code: 'Digit2' }))?.id).toBe('goPatients');
    expect(findShortcut(key('1', { altKey: true, code: 'Numpad1' }))?.id).toBe('goHome');
    // AZERTY: the 3 key without Shift produces a double quote.
    expect(findShortcut(key('"', { altKey: true, code: 'Digit3' }))?.id).toBe('goCorrespondants');
    expect(findShortcut(key('&', { code: 'Digit1' }))).toBeUndefined();
  });

  it('closes the cabinet with Ctrl+Shift+W only', () => {
    expect(findShortcut(key('W', { ctrlKey: true, shiftKey: true }))?.id).toBe('closeCabinet');
    expect(findShortcut(key('w', { ctrlKey: true }))).toBeUndefined();
  });

  it('leaves local keys (Escape, arrows) to the focused widget', () => {
    expect(findShortcut(key('Escape'))).toBeUndefined();
    expect(findShortcut(key('ArrowDown'))).toBeUndefined();
  });

  it('creates a patient with Alt+N from anywhere in the cabinet', () => {
    expect(findShortcut(key('n', { altKey: true }))?.id).toBe('newPatient');
    expect(findShortcut(key('n'))).toBeUndefined();
  });

  it('leaves Alt+M (edit) and Ctrl+Enter (save) to the screen that shows them', () => {
    expect(findShortcut(key('m', { altKey: true }))).toBeUndefined();
    expect(findShortcut(key('Enter', { ctrlKey: true }))).toBeUndefined();
    expect(SHORTCUTS.find((s) => s.id === 'editPatient')?.scope).toBe('local');
    expect(shortcutLabel('save')).toBe('Ctrl + Entrée');
  });

  it('never lets two global shortcuts claim the same keys', () => {
    const globals = SHORTCUTS.filter((s) => s.scope === 'global');
    for (const a of globals) {
      for (const combo of a.combos) {
        const probe = key(combo.key ?? '', {
          code: combo.codes?.[0] ?? '',
          ctrlKey: Boolean(combo.ctrl),
          altKey: Boolean(combo.alt),
          shiftKey: Boolean(combo.shift),
        });
        const claimed = globals.filter((s) => s.combos.some((c) => matchesCombo(c, probe)));
        expect(claimed.map((s) => s.id)).toEqual([a.id]);
      }
    }
  });
});

describe('labels', () => {
  it('writes combos the French way', () => {
    expect(comboLabel({ key: 'l', ctrl: true, label: 'L' })).toBe('Ctrl + L');
    expect(comboLabel({ key: 'w', ctrl: true, shift: true, label: 'W' })).toBe('Ctrl + Maj + W');
    expect(comboLabel({ key: 'Escape', label: 'key.escape' })).toBe('Échap');
    expect(shortcutLabel('goHome')).toBe('Alt + 1');
  });
});

describe('text size keys', () => {
  it('grows with Ctrl + « + », however the layout types it', () => {
    expect(findShortcut(key('+', { ctrlKey: true }))?.id).toBe('zoomIn');
    expect(findShortcut(key('+', { ctrlKey: true, shiftKey: true }))?.id).toBe('zoomIn');
    expect(findShortcut(key('=', { ctrlKey: true }))?.id).toBe('zoomIn');
    expect(findShortcut(key('+', { ctrlKey: true, code: 'NumpadAdd' }))?.id).toBe('zoomIn');
  });

  it('shrinks with Ctrl − and comes back with Ctrl 0 (AZERTY: the 0 key types « à »)', () => {
    expect(findShortcut(key('-', { ctrlKey: true }))?.id).toBe('zoomOut');
    expect(findShortcut(key('-', { ctrlKey: true, code: 'NumpadSubtract' }))?.id).toBe('zoomOut');
    expect(findShortcut(key('à', { ctrlKey: true, code: 'Digit0' }))?.id).toBe('zoomReset');
    expect(findShortcut(key('+'))).toBeUndefined();
    expect(findShortcut(key('-'))).toBeUndefined();
  });

  it('lists one way to press each in the help', () => {
    for (const id of ['zoomIn', 'zoomOut', 'zoomReset']) {
      const listed = SHORTCUTS.find((s) => s.id === id)?.combos.filter((c) => !c.unlisted) ?? [];
      expect(listed).toHaveLength(1);
    }
  });
});
