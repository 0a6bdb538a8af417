// The one table of keyboard shortcuts. The global key handler (App.svelte)
// dispatches from it and the help panel lists it, so the two cannot drift.
import { t, type MessageKey } from './i18n';

export type ShortcutId =
  | 'lock'
  | 'help'
  | 'search'
  | 'goHome'
  | 'goPatients'
  | 'goCorrespondants'
  | 'goAgenda'
  | 'goWaitingRoom'
  | 'goReports'
  | 'playerPlayPause'
  | 'playerSteps'
  | 'playerSpeed'
  | 'snippet'
  | 'editorAlign'
  | 'editorPageBreak'
  | 'goMessages'
  | 'goCash'
  | 'takeMessage'
  | 'newPatient'
  | 'editPatient'
  | 'save'
  | 'closeCabinet'
  | 'escape'
  | 'select'
  | 'navigate'
  | 'agendaPeriod'
  | 'agendaToday'
  | 'agendaGoTo'
  | 'agendaViews'
  | 'agendaArrows'
  | 'agendaNew'
  | 'agendaFind'
  | 'zoomIn'
  | 'zoomOut'
  | 'zoomReset';

/**
 * One way to press a shortcut. Letters and function keys match on `key`
 * (what the keyboard layout produces); digits match on `code` (the physical
 * key), because on a French AZERTY keyboard Alt+1 produces `&`, not `1`.
 */
export interface KeyCombo {
  key?: string;
  codes?: readonly string[];
  ctrl?: boolean;
  alt?: boolean;
  shift?: boolean;
  /** How the key itself is written in the help (modifiers are added). */
  label: string | MessageKey;
  /** Another way to press the same thing, left out of the help (keyboard layouts). */
  unlisted?: boolean;
}

export interface Shortcut {
  id: ShortcutId;
  combos: readonly KeyCombo[];
  description: MessageKey;
  /** Only meaningful while a cabinet is open. */
  inCabinet: boolean;
  /**
   * `global`: handled by the window-level handler through `findShortcut`.
   * `local`: handled by the focused widget (dialogs, search list); listed in
   * the help only.
   */
  scope: 'global' | 'local';
}

export const SHORTCUTS: readonly Shortcut[] = [
  {
    id: 'lock',
    combos: [{ key: 'l', ctrl: true, label: 'L' }],
    description: 'shortcut.lock',
    inCabinet: true,
    scope: 'global',
  },
  {
    id: 'help',
    combos: [{ key: 'F1', label: 'F1' }],
    description: 'shortcut.help',
    inCabinet: false,
    scope: 'global',
  },
  {
    id: 'search',
    combos: [
      { key: 'k', ctrl: true, label: 'K' },
      { key: 'F2', label: 'F2' },
    ],
    description: 'shortcut.search',
    inCabinet: true,
    scope: 'global',
  },
  {
    id: 'goHome',
    combos: [{ codes: ['Digit1', 'Numpad1'], alt: true, label: '1' }],
    description: 'shortcut.goHome',
    inCabinet: true,
    scope: 'global',
  },
  {
    id: 'goPatients',
    combos: [{ codes: ['Digit2', 'Numpad2'], alt: true, label: '2' }],
    description: 'shortcut.goPatients',
    inCabinet: true,
    scope: 'global',
  },
  {
    id: 'goCorrespondants',
    combos: [{ codes: ['Digit3', 'Numpad3'], alt: true, label: '3' }],
    description: 'shortcut.goCorrespondants',
    inCabinet: true,
    scope: 'global',
  },
  {
    id: 'goAgenda',
    combos: [{ codes: ['Digit4', 'Numpad4'], alt: true, label: '4' }],
    description: 'shortcut.goAgenda',
    inCabinet: true,
    scope: 'global',
  },
  {
    id: 'goWaitingRoom',
    combos: [{ codes: ['Digit5', 'Numpad5'], alt: true, label: '5' }],
    description: 'shortcut.goWaitingRoom',
    inCabinet: true,
    scope: 'global',
  },
  {
    id: 'goReports',
    combos: [{ codes: ['Digit6', 'Numpad6'], alt: true, label: '6' }],
    description: 'shortcut.goReports',
    inCabinet: true,
    scope: 'global',
  },
  {
    id: 'goMessages',
    combos: [{ codes: ['Digit7', 'Numpad7'], alt: true, label: '7' }],
    description: 'shortcut.goMessages',
    inCabinet: true,
    scope: 'global',
  },
  {
    id: 'goCash',
    combos: [{ codes: ['Digit8', 'Numpad8'], alt: true, label: '8' }],
    description: 'shortcut.goCash',
    inCabinet: true,
    scope: 'global',
  },
  {
    id: 'takeMessage',
    combos: [{ key: 't', alt: true, label: 'T' }],
    description: 'shortcut.takeMessage',
    inCabinet: true,
    scope: 'global',
  },
  {
    id: 'newPatient',
    combos: [{ key: 'n', alt: true, label: 'N' }],
    description: 'shortcut.newPatient',
    inCabinet: true,
    scope: 'global',
  },
  {
    id: 'editPatient',
    combos: [{ key: 'm', alt: true, label: 'M' }],
    description: 'shortcut.editPatient',
    inCabinet: true,
    scope: 'local',
  },
  {
    id: 'save',
    combos: [{ key: 'Enter', ctrl: true, label: 'key.enter' }],
    description: 'shortcut.save',
    inCabinet: true,
    scope: 'local',
  },
  {
    id: 'closeCabinet',
    combos: [{ key: 'w', ctrl: true, shift: true, label: 'W' }],
    description: 'shortcut.closeCabinet',
    inCabinet: true,
    scope: 'global',
  },
  {
    id: 'select',
    combos: [{ key: 'Enter', label: 'key.enter' }],
    description: 'shortcut.select',
    inCabinet: true,
    scope: 'local',
  },
  {
    id: 'navigate',
    combos: [
      { key: 'ArrowDown', label: 'key.down' },
      { key: 'ArrowUp', label: 'key.up' },
    ],
    description: 'shortcut.navigate',
    inCabinet: true,
    scope: 'local',
  },
  // The agenda's own keys, handled by the agenda screen (letters alone,
  // only when no field has the focus).
  {
    id: 'agendaPeriod',
    combos: [
      { key: 'PageUp', label: 'Page ↑' },
      { key: 'PageDown', label: 'Page ↓' },
      { key: 'ArrowLeft', alt: true, label: '←' },
      { key: 'ArrowRight', alt: true, label: '→' },
    ],
    description: 'agenda.shortcut.period',
    inCabinet: true,
    scope: 'local',
  },
  {
    id: 'agendaToday',
    combos: [{ key: 't', label: 'T' }],
    description: 'agenda.shortcut.today',
    inCabinet: true,
    scope: 'local',
  },
  {
    id: 'agendaGoTo',
    combos: [{ key: 'g', label: 'G' }],
    description: 'agenda.shortcut.goto',
    inCabinet: true,
    scope: 'local',
  },
  {
    id: 'agendaViews',
    combos: [
      { key: 'j', label: 'J' },
      { key: 's', label: 'S' },
      { key: 'm', label: 'M' },
    ],
    description: 'agenda.shortcut.views',
    inCabinet: true,
    scope: 'local',
  },
  {
    id: 'agendaArrows',
    combos: [
      { key: 'ArrowLeft', label: '←' },
      { key: 'ArrowUp', label: 'key.up' },
      { key: 'ArrowDown', label: 'key.down' },
      { key: 'ArrowRight', label: '→' },
    ],
    description: 'agenda.shortcut.arrows',
    inCabinet: true,
    scope: 'local',
  },
  {
    id: 'agendaNew',
    combos: [{ key: 'n', label: 'N' }],
    description: 'agenda.shortcut.new',
    inCabinet: true,
    scope: 'local',
  },
  {
    id: 'agendaFind',
    combos: [{ key: 'f', label: 'F' }],
    description: 'agenda.shortcut.find',
    inCabinet: true,
    scope: 'local',
  },
  // The transcription station's keys (components/AudioPlayer.svelte,
  // lib/documents/player.ts; a pedal in keyboard mode sends its own, set in
  // the player's settings) and the editor's (lib/documents/editor.ts).
  {
    id: 'playerPlayPause',
    combos: [{ key: 'F4', label: 'F4' }],
    description: 'shortcut.playerPlayPause',
    inCabinet: true,
    scope: 'local',
  },
  {
    id: 'playerSteps',
    combos: [
      { key: 'F7', label: 'F7' },
      { key: 'F8', label: 'F8' },
    ],
    description: 'shortcut.playerSteps',
    inCabinet: true,
    scope: 'local',
  },
  {
    id: 'playerSpeed',
    combos: [
      { key: 'F9', label: 'F9' },
      { key: 'F10', label: 'F10' },
    ],
    description: 'shortcut.playerSpeed',
    inCabinet: true,
    scope: 'local',
  },
  {
    id: 'snippet',
    combos: [{ key: 'F3', label: 'F3' }],
    description: 'shortcut.snippet',
    inCabinet: true,
    scope: 'local',
  },
  {
    id: 'editorAlign',
    combos: [
      { key: 'e', ctrl: true, label: 'E' },
      { key: 'r', ctrl: true, label: 'R' },
      { key: 'j', ctrl: true, label: 'J' },
      { key: 'l', ctrl: true, shift: true, label: 'L' },
    ],
    description: 'shortcut.editorAlign',
    inCabinet: true,
    scope: 'local',
  },
  {
    id: 'editorPageBreak',
    combos: [{ key: 'Enter', ctrl: true, label: 'key.enter' }],
    description: 'shortcut.editorPageBreak',
    inCabinet: true,
    scope: 'local',
  },
  // The text size (lib/zoom.ts). « + » is Shift+= on most layouts and a key
  // of its own on the numeric keypad; « 0 » is Shift+à on AZERTY, so the
  // physical key is matched, as for Alt+1.
  {
    id: 'zoomIn',
    combos: [
      { key: '+', ctrl: true, label: '+' },
      { key: '+', ctrl: true, shift: true, label: '+', unlisted: true },
      { key: '=', ctrl: true, label: '=', unlisted: true },
      { key: '=', ctrl: true, shift: true, label: '=', unlisted: true },
      { codes: ['NumpadAdd'], ctrl: true, label: '+', unlisted: true },
    ],
    description: 'shortcut.zoomIn',
    inCabinet: false,
    scope: 'global',
  },
  {
    id: 'zoomOut',
    combos: [
      { key: '-', ctrl: true, label: '−' },
      { codes: ['NumpadSubtract'], ctrl: true, label: '−', unlisted: true },
    ],
    description: 'shortcut.zoomOut',
    inCabinet: false,
    scope: 'global',
  },
  {
    id: 'zoomReset',
    combos: [{ codes: ['Digit0', 'Numpad0'], ctrl: true, label: '0' }],
    description: 'shortcut.zoomReset',
    inCabinet: false,
    scope: 'global',
  },
  {
    id: 'escape',
    combos: [{ key: 'Escape', label: 'key.escape' }],
    description: 'shortcut.escape',
    inCabinet: false,
    scope: 'local',
  },
];

/** The parts of a KeyboardEvent the matcher looks at (easy to fake in tests). */
export type KeyInput = Pick<
  KeyboardEvent,
  'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'
>;

/** Does this key press match `combo`? Cmd counts as Ctrl on a Mac. */
export function matchesCombo(combo: KeyCombo, event: KeyInput): boolean {
  if ((event.ctrlKey || event.metaKey) !== Boolean(combo.ctrl)) return false;
  if (event.altKey !== Boolean(combo.alt)) return false;
  if (event.shiftKey !== Boolean(combo.shift)) return false;
  if (combo.codes) return combo.codes.includes(event.code);
  if (combo.key === undefined) return false;
  return event.key.toLowerCase() === combo.key.toLowerCase();
}

/** The global shortcut this key press triggers, if any. */
export function findShortcut(
  event: KeyInput,
  table: readonly Shortcut[] = SHORTCUTS,
): Shortcut | undefined {
  return table.find(
    (s) => s.scope === 'global' && s.combos.some((combo) => matchesCombo(combo, event)),
  );
}

function isMessageKey(label: string): label is MessageKey {
  return label.startsWith('key.');
}

/** The keys of `combo`, for people: `["Ctrl", "L"]`. */
export function comboKeys(combo: KeyCombo): string[] {
  const keys: string[] = [];
  if (combo.ctrl) keys.push(t('key.ctrl'));
  if (combo.alt) keys.push(t('key.alt'));
  if (combo.shift) keys.push(t('key.shift'));
  keys.push(isMessageKey(combo.label) ? t(combo.label) : combo.label);
  return keys;
}

/** `Ctrl + L` */
export function comboLabel(combo: KeyCombo): string {
  return comboKeys(combo).join(' + ');
}

/**
 * The first way to press shortcut `id`, for people (`Alt + 1`); `compact`
 * for tight places such as the navigation (`Alt+1`).
 */
export function shortcutLabel(
  id: ShortcutId,
  table: readonly Shortcut[] = SHORTCUTS,
  compact = false,
): string {
  const combo = table.find((s) => s.id === id)?.combos[0];
  if (!combo) return '';
  return compact ? comboKeys(combo).join('+') : comboLabel(combo);
}
