import { describe, expect, it } from 'vitest';
import { actionFor, clock, DEFAULT_SETTINGS, jump, keyName, loadSettings, resumeAt, saveSettings, stepSpeed } from './player';

describe('the transcription player', () => {
  it('changes speed by steps between 0.5× and 2× and never beyond', () => {
    expect(stepSpeed(1, 1)).toBe(1.1);
    expect(stepSpeed(1, -1)).toBe(0.9);
    expect(stepSpeed(2, 1)).toBe(2);
    expect(stepSpeed(0.5, -1)).toBe(0.5);
    expect(stepSpeed(1.3, 1)).toBe(1.5);
  });

  it('resumes a little earlier, never before the start', () => {
    expect(resumeAt(10, 2)).toBe(8);
    expect(resumeAt(1, 3)).toBe(0);
    expect(resumeAt(5, 0)).toBe(5);
  });

  it('jumps within the recording', () => {
    expect(jump(10, -3, 60)).toBe(7);
    expect(jump(1, -3, 60)).toBe(0);
    expect(jump(59, 3, 60)).toBe(60);
    expect(jump(5, 3, Number.NaN)).toBe(8);
  });

  it('shows positions and lengths as minutes and seconds', () => {
    expect(clock(0)).toBe('0:00');
    expect(clock(125.7)).toBe('2:05');
    expect(clock(3725)).toBe('1:02:05');
    expect(clock(Number.NaN)).toBe('–:––');
  });

  it('maps a pedal before the function keys, and the function keys otherwise', () => {
    const settings = structuredClone(DEFAULT_SETTINGS);
    expect(actionFor('F4', settings)).toBe('playPause');
    expect(actionFor('F7', settings)).toBe('rewind');
    settings.pedals.middle = 'F4';
    expect(actionFor('F4', settings)).toBe('hold');
    expect(actionFor('x', settings)).toBeUndefined();
    expect(keyName({ key: 'F9', ctrlKey: true, altKey: false, shiftKey: false })).toBe('Ctrl+F9');
  });

  it('keeps its settings on this computer and survives a damaged entry', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    saveSettings({ ...DEFAULT_SETTINGS, autoRewind: 3 }, storage);
    expect(loadSettings(storage).autoRewind).toBe(3);
    store.set('carnet.transcription', '{"autoRewind": 99}');
    expect(loadSettings(storage).autoRewind).toBe(3);
    store.set('carnet.transcription', 'pas du json');
    expect(loadSettings(storage)).toEqual(DEFAULT_SETTINGS);
  });
});
