import { describe, expect, it } from 'vitest';
import { duration, minutesSince, undoSteps } from './flow';

describe('waiting room helpers', () => {
  it('undoes a change one step the core allows at a time', () => {
    expect(undoSteps('arrive', 'planifie')).toEqual(['planifie']);
    expect(undoSteps('arrive', 'confirme')).toEqual(['planifie', 'confirme']);
    expect(undoSteps('en_consultation', 'arrive')).toEqual(['arrive']);
    expect(undoSteps('en_consultation', 'confirme')).toEqual(['arrive', 'planifie', 'confirme']);
    expect(undoSteps('termine', 'en_consultation')).toEqual(['en_consultation']);
  });

  it('counts whole minutes between instants, never below zero', () => {
    const arrived = '2026-11-24T08:05:00Z';
    expect(minutesSince(arrived, Date.parse('2026-11-24T08:17:59Z'))).toBe(12);
    expect(minutesSince(arrived, Date.parse('2026-11-24T08:00:00Z'))).toBe(0);
    expect(duration(12)).toBe('12 min');
    expect(duration(65)).toBe('1 h 05');
  });
});
