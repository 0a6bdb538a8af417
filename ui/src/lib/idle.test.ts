import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_IDLE_LOCK_MS, startIdleLock } from './idle';

describe('auto-lock after a quiet spell', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('locks after five quiet minutes, not before', () => {
    const onIdle = vi.fn();
    startIdleLock(DEFAULT_IDLE_LOCK_MS, onIdle);
    vi.advanceTimersByTime(DEFAULT_IDLE_LOCK_MS - 1);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('any activity starts the countdown again', () => {
    const onIdle = vi.fn();
    const idle = startIdleLock(1000, onIdle);
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(900);
      idle.touch();
    }
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1000);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('stopped, it never fires', () => {
    const onIdle = vi.fn();
    const idle = startIdleLock(1000, onIdle);
    idle.stop();
    vi.advanceTimersByTime(5000);
    expect(onIdle).not.toHaveBeenCalled();
  });
});
