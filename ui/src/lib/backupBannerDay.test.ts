import { describe, expect, it } from 'vitest';
import { HIDDEN_ON_KEY, hiddenOn, hideFor, localDay } from './backupBannerDay';
import { memoryStorage as memory } from '../test/fixtures';

// Local-time constructors: the day is the one this computer's clock shows.
const morning = new Date(2026, 11, 7, 8, 5);
const evening = new Date(2026, 11, 7, 23, 59);
const nextDay = new Date(2026, 11, 8, 0, 1);

describe('the backup warning hidden for the day', () => {
  it('is shown until she hides it', () => {
    const storage = memory();
    expect(hiddenOn(storage, morning)).toBe(false);
    hideFor(storage, morning);
    expect(hiddenOn(storage, morning)).toBe(true);
  });

  it('stays hidden for the rest of that day and comes back the next', () => {
    const storage = memory();
    hideFor(storage, morning);
    expect(hiddenOn(storage, evening)).toBe(true);
    expect(hiddenOn(storage, nextDay)).toBe(false);
  });

  it('keeps only a date', () => {
    const storage = memory();
    hideFor(storage, morning);
    expect(storage.getItem(HIDDEN_ON_KEY)).toBe('2026-12-07');
    expect(storage.length).toBe(1);
    expect(localDay(new Date(2027, 0, 3))).toBe('2027-01-03');
  });

  it('is shown when there is no storage or it refuses', () => {
    const refusing = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    expect(() => hideFor(refusing, morning)).not.toThrow();
    expect(hiddenOn(refusing, morning)).toBe(false);
    expect(hiddenOn(null, morning)).toBe(false);
  });
});
