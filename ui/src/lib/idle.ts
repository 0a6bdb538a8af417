// Auto-lock after a quiet spell: a secretary called away from the desk must
// not leave a patient file on screen. Any key, click, scroll or pointer
// movement counts as activity. The delay is a cabinet setting (« Sécurité »,
// 1 to 60 minutes), read from the session state.

/** Default idle delay before locking (the cabinet's setting starts at 5 minutes). */
export const DEFAULT_IDLE_LOCK_MS = 5 * 60 * 1000;

/**
 * The delay for the cabinet's setting in minutes, kept within the 1–60 the
 * shell allows; anything unreadable means the default.
 */
export function idleLockMs(minutes: number | null | undefined): number {
  if (typeof minutes !== 'number' || !Number.isFinite(minutes) || minutes <= 0) {
    return DEFAULT_IDLE_LOCK_MS;
  }
  return Math.min(Math.max(Math.round(minutes), 1), 60) * 60 * 1000;
}

export const ACTIVITY_EVENTS = ['keydown', 'mousedown', 'mousemove', 'wheel', 'touchstart'] as const;

export interface IdleLock {
  /** Activity seen: the countdown starts again. */
  touch(): void;
  stop(): void;
}

/**
 * Calls `onIdle` once after `timeoutMs` without `touch()`; the next
 * `touch()` re-arms it. Timers are injectable for tests.
 */
export function startIdleLock(
  timeoutMs: number,
  onIdle: () => void,
  timers: Pick<typeof globalThis, 'setTimeout' | 'clearTimeout'> = globalThis,
): IdleLock {
  let handle: ReturnType<typeof setTimeout> | null = null;
  const arm = () => {
    if (handle !== null) timers.clearTimeout(handle);
    handle = timers.setTimeout(() => {
      handle = null;
      onIdle();
    }, timeoutMs);
  };
  arm();
  return {
    touch: arm,
    stop() {
      if (handle !== null) timers.clearTimeout(handle);
      handle = null;
    },
  };
}
