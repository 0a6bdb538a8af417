// Auto-lock after a quiet spell: a secretary called away from the desk must
// not leave a patient file on screen. Any key, click, scroll or pointer
// movement counts as activity. (Data-safety issue: the delay becomes a
// cabinet setting, and the OS lock / sleep signals join in.)

/** Default idle delay before locking, as the data-safety issue asks. */
export const DEFAULT_IDLE_LOCK_MS = 5 * 60 * 1000;

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
