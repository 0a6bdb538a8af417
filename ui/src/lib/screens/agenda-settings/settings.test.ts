import { describe, expect, it } from 'vitest';
import { addDays, editPlage, faultyPlages, minutesOf, nextPlageTimes, periodOf, versionStates, wholeDays } from './settings';

describe('agenda settings helpers', () => {
  it('reads times as the core does (09:30, 9h30, 9h) and refuses the rest', () => {
    expect(['09:30', '9h30', '9h', '23:59'].map(minutesOf)).toEqual([570, 570, 540, 1439]);
    expect(['24:00', '9:7', 'midi', ''].map(minutesOf)).toEqual([null, null, null, null]);
  });

  it('whole days run from midnight to the midnight after the last day, across months and years', () => {
    expect(wholeDays('2026-12-24', '2026-12-31')).toEqual({ startsAt: '2026-12-24T00:00', endsAt: '2027-01-01T00:00' });
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(periodOf('2026-12-24T00:00', '2026-12-25T00:00')).toEqual({ kind: 'day', day: '2026-12-24' });
    expect(periodOf('2026-12-24T00:00', '2027-01-01T00:00')).toEqual({ kind: 'days', first: '2026-12-24', last: '2026-12-31' });
    expect(periodOf('2026-12-24T14:00', '2026-12-24T18:00').kind).toBe('times');
  });

  it('marks plages that end before they start or overlap, not adjacent ones', () => {
    const ok = [editPlage('08:30', '11:30'), editPlage('11:30', '12:00')];
    const backwards = editPlage('14:00', '08:00');
    const a = editPlage('09:00', '12:00');
    const b = editPlage('11:00', '13:00');
    const faulty = faultyPlages([ok, [backwards], [a, b], [], [], [], []]);
    expect([...faulty].sort()).toEqual([backwards.key, a.key, b.key].sort());
  });

  it('offers the morning, then the afternoon, then the hour after', () => {
    expect(nextPlageTimes([])).toEqual({ starts: '08:30', ends: '12:00' });
    expect(nextPlageTimes([editPlage('08:30', '12:00')])).toEqual({ starts: '14:00', ends: '18:30' });
    expect(nextPlageTimes([editPlage('14:00', '18:30')])).toEqual({ starts: '18:30', ends: '19:30' });
  });

  it('the version in force is the last one started by today', () => {
    const v = (validFrom: string) => ({ id: validFrom, calendarId: 'c', validFrom, plages: [] });
    expect(versionStates([v('2000-01-01'), v('2026-01-05'), v('2027-01-05')], '2026-11-24')).toEqual([
      'past',
      'inForce',
      'future',
    ]);
  });
});
