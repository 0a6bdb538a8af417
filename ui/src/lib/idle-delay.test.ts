import { describe, expect, it } from 'vitest';
import { DEFAULT_IDLE_LOCK_MS, idleLockMs } from './idle';

describe('the cabinet’s auto-lock delay', () => {
  it('turns the setting’s minutes into the timer’s milliseconds', () => {
    expect(idleLockMs(1)).toBe(60_000);
    expect(idleLockMs(12)).toBe(12 * 60_000);
    expect(idleLockMs(60)).toBe(60 * 60_000);
  });

  it('stays within the 1–60 minutes the shell allows', () => {
    expect(idleLockMs(0.2)).toBe(60_000);
    expect(idleLockMs(600)).toBe(60 * 60_000);
  });

  it('falls back to five minutes when the setting is unreadable', () => {
    expect(DEFAULT_IDLE_LOCK_MS).toBe(5 * 60_000);
    for (const value of [0, -3, Number.NaN, Number.POSITIVE_INFINITY, null, undefined]) {
      expect(idleLockMs(value)).toBe(DEFAULT_IDLE_LOCK_MS);
    }
  });
});
