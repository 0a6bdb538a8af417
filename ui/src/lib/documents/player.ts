// The transcription player's rules, apart from the page: speeds, steps, the
// automatic rewind on resume, the keys (function keys and the pedal's), the
// pedal's mapping kept on this computer. Nothing here is patient data.

export const SPEEDS = [0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2] as const;
export const MIN_SPEED = 0.5;
export const MAX_SPEED = 2;

/** The next speed up or down the ladder, within 0.5×–2×. */
export function stepSpeed(current: number, direction: 1 | -1): number {
  const index = SPEEDS.findIndex((s) => Math.abs(s - current) < 0.001);
  if (index === -1) {
    const nearest = direction > 0 ? SPEEDS.find((s) => s > current) : [...SPEEDS].reverse().find((s) => s < current);
    return nearest ?? current;
  }
  return SPEEDS[Math.min(SPEEDS.length - 1, Math.max(0, index + direction))] ?? current;
}

/** Where playback starts again after a pause: a little earlier, never before 0. */
export function resumeAt(position: number, autoRewindSeconds: number): number {
  return Math.max(0, position - autoRewindSeconds);
}

/** A jump by `seconds` (negative = back), kept within the recording. */
export function jump(position: number, seconds: number, duration: number): number {
  const end = Number.isFinite(duration) && duration > 0 ? duration : Number.POSITIVE_INFINITY;
  return Math.min(end, Math.max(0, position + seconds));
}

/** « 2:05 », « 1:02:05 » (a length or a position, in seconds). */
export function clock(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–:––';
  const whole = Math.floor(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

export type PlayerAction = 'playPause' | 'rewind' | 'forward' | 'slower' | 'faster' | 'hold';

/**
 * The function keys, as in transcription software (Express Scribe,
 * SpeechExec): they work while the hands stay on the keyboard, the focus
 * in the editor. `hold` (pedal middle) plays while pressed.
 */
export const DEFAULT_KEYS: Record<Exclude<PlayerAction, 'hold'>, string> = {
  playPause: 'F4',
  rewind: 'F7',
  forward: 'F8',
  slower: 'F9',
  faster: 'F10',
};

/** The pedal in keyboard mode: the key each pedal sends, mapped to an action. */
export interface PedalMapping {
  left: string;
  middle: string;
  right: string;
  /** What each pedal does. Usual: recul / lecture tant qu'appuyée / avance. */
  actions: { left: PlayerAction; middle: PlayerAction; right: PlayerAction };
}

export const DEFAULT_PEDALS: PedalMapping = {
  left: '',
  middle: '',
  right: '',
  actions: { left: 'rewind', middle: 'hold', right: 'forward' },
};

export interface PlayerSettings {
  /** Seconds played again on resume (0–3). */
  autoRewind: number;
  /** Seconds of a rewind / fast-forward step. */
  step: number;
  pedals: PedalMapping;
}

export const DEFAULT_SETTINGS: PlayerSettings = { autoRewind: 2, step: 3, pedals: DEFAULT_PEDALS };

const STORAGE_KEY = 'carnet.transcription';

/** The settings of this computer (its pedal, her habits): local storage, no patient data. */
export function loadSettings(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): PlayerSettings {
  try {
    const raw = storage?.getItem(STORAGE_KEY);
    if (!raw) return structuredClone(DEFAULT_SETTINGS);
    const parsed = JSON.parse(raw) as Partial<PlayerSettings>;
    return {
      autoRewind: clampNumber(parsed.autoRewind, 0, 3, DEFAULT_SETTINGS.autoRewind),
      step: clampNumber(parsed.step, 1, 30, DEFAULT_SETTINGS.step),
      pedals: { ...DEFAULT_PEDALS, ...parsed.pedals, actions: { ...DEFAULT_PEDALS.actions, ...parsed.pedals?.actions } },
    };
  } catch {
    return structuredClone(DEFAULT_SETTINGS);
  }
}

export function saveSettings(settings: PlayerSettings, storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage): void {
  storage?.setItem(STORAGE_KEY, JSON.stringify(settings));
}

function clampNumber(value: unknown, min: number, max: number, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
}

/** The key of an event as the mapping stores it (`F4`, `Ctrl+F9`, `b`). */
export function keyName(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'altKey' | 'shiftKey'>): string {
  const parts: string[] = [];
  if (event.ctrlKey) parts.push('Ctrl');
  if (event.altKey) parts.push('Alt');
  if (event.shiftKey && event.key.length > 1) parts.push('Maj');
  parts.push(event.key);
  return parts.join('+');
}

/** What a key press asks of the player: a pedal first, then the function keys. */
export function actionFor(key: string, settings: PlayerSettings): PlayerAction | undefined {
  const { pedals } = settings;
  for (const pedal of ['left', 'middle', 'right'] as const) {
    if (pedals[pedal] && pedals[pedal] === key) return pedals.actions[pedal];
  }
  return (Object.keys(DEFAULT_KEYS) as (keyof typeof DEFAULT_KEYS)[]).find((a) => DEFAULT_KEYS[a] === key);
}
