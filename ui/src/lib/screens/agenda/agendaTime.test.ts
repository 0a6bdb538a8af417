import { describe, expect, it } from 'vitest';
import {
  gridScrollMinutes,
  splitSurname,
  addDays,
  addMonths,
  daysFromTo,
  durationLabel,
  gridSpan,
  layoutLanes,
  minutesBetween,
  monthWeeks,
  neighbour,
  parseDay,
  parseTime,
  shiftAnchor,
  splitCallerName,
  visibleDays,
} from './agendaTime';

describe('agenda date arithmetic', () => {
  it('adds days across months, years and the clock change', () => {
    expect(addDays('2026-11-30', 1)).toBe('2026-12-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('adds months, keeping the last day of shorter months', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-11-24', 2)).toBe('2027-01-24');
    expect(addMonths('2026-03-15', -3)).toBe('2025-12-15');
  });

  it('shows Monday to Sunday for a week, whatever day is the anchor', () => {
    expect(visibleDays('week', '2026-11-26')).toEqual([
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
      '2026-11-28',
      '2026-11-29',
    ]);
    expect(visibleDays('week', '2026-11-23')[0]).toBe('2026-11-23');
    expect(visibleDays('week', '2026-11-29')[0]).toBe('2026-11-23');
    expect(visibleDays('day', '2026-11-26')).toEqual(['2026-11-26']);
  });

  it('moves by a day, a week or a month', () => {
    expect(shiftAnchor('day', '2026-11-30', 1)).toBe('2026-12-01');
    expect(shiftAnchor('week', '2026-11-26', -1)).toBe('2026-11-19');
    expect(shiftAnchor('month', '2026-11-26', 1)).toBe('2026-12-26');
  });

  it('lays a month out in Monday-first weeks', () => {
    // November 2026 starts on a Sunday.
    const days = Array.from({ length: 30 }, (_, i) => addDays('2026-11-01', i));
    const weeks = monthWeeks(days);
    expect(weeks).toHaveLength(6);
    expect(weeks[0]).toEqual([null, null, null, null, null, null, '2026-11-01']);
    expect(weeks[5]?.[0]).toBe('2026-11-30');
    expect(weeks[5]?.slice(1)).toEqual([null, null, null, null, null, null]);
  });

  it('counts minutes between wall-clock times, across midnight', () => {
    expect(minutesBetween('2026-11-24T09:00', '2026-11-24T09:20')).toBe(20);
    expect(minutesBetween('2026-11-24T23:30', '2026-11-25T00:15')).toBe(45);
  });

  it('reads the times and dates a secretary types', () => {
    expect(parseTime('9')).toBe('09:00');
    expect(parseTime('9h30')).toBe('09:30');
    expect(parseTime('14:05')).toBe('14:05');
    expect(parseTime('1405')).toBe('14:05');
    expect(parseTime('25:00')).toBeNull();
    expect(parseTime('midi')).toBeNull();
    expect(parseDay('24/11/2026')).toBe('2026-11-24');
    expect(parseDay('24112026')).toBe('2026-11-24');
    expect(parseDay('31/02/2026')).toBeNull();
  });

  it('says durations the French way', () => {
    expect(durationLabel(45)).toBe('45 min');
    expect(durationLabel(120)).toBe('2 h');
    expect(durationLabel(200)).toBe('3 h 20');
  });

  it('clamps blocks to the 07:00–20:00 grid', () => {
    expect(gridSpan(9 * 60, 9 * 60 + 20)).toEqual({ top: 120, height: 20 });
    expect(gridSpan(6 * 60, 7 * 60 + 30)).toEqual({ top: 0, height: 30 });
    expect(gridSpan(19 * 60 + 45, 21 * 60)).toEqual({ top: 765, height: 15 });
  });
});

describe('layoutLanes', () => {
  it('keeps blocks that do not overlap full width', () => {
    expect(
      layoutLanes([
        { start: 540, end: 560 },
        { start: 560, end: 580 },
      ]),
    ).toEqual([
      { lane: 0, lanes: 1 },
      { lane: 0, lanes: 1 },
    ]);
  });

  it('puts overlapping blocks side by side, the same width within a cluster', () => {
    // 09:00–09:40 overlaps 09:10–09:30 and 09:30–09:50; the last two share a lane.
    const lanes = layoutLanes([
      { start: 550, end: 570 },
      { start: 540, end: 580 },
      { start: 570, end: 590 },
      { start: 600, end: 620 },
    ]);
    expect(lanes).toEqual([
      { lane: 1, lanes: 2 },
      { lane: 0, lanes: 2 },
      { lane: 1, lanes: 2 },
      { lane: 0, lanes: 1 },
    ]);
  });

  it('opens a third lane for three blocks at the same time', () => {
    const lanes = layoutLanes([
      { start: 540, end: 560 },
      { start: 540, end: 560 },
      { start: 540, end: 560 },
    ]);
    expect(lanes.map((l) => l.lane).sort()).toEqual([0, 1, 2]);
    expect(lanes.every((l) => l.lanes === 3)).toBe(true);
  });
});

describe('agenda rules', () => {
  it('splits a caller name into surname and first names', () => {
    expect(splitCallerName('Jean DUPONT')).toEqual({ birthName: 'DUPONT', birthFirstNames: 'Jean' });
    expect(splitCallerName('DE LA TOUR Marie-Hélène')).toEqual({
      birthName: 'DE LA TOUR',
      birthFirstNames: 'Marie-Hélène',
    });
    expect(splitCallerName('Dupont Jean Pierre')).toEqual({ birthName: 'Dupont', birthFirstNames: 'Jean Pierre' });
    expect(splitCallerName('  Lefèvre ')).toEqual({ birthName: 'Lefèvre', birthFirstNames: '' });
  });

  it('moves among blocks with the arrows', () => {
    const columns = [
      [
        { id: 'a', start: 540 },
        { id: 'b', start: 600 },
      ],
      [],
      [
        { id: 'c', start: 545 },
        { id: 'd', start: 610 },
      ],
    ];
    expect(neighbour(columns, null, 'ArrowDown')).toBe('a');
    expect(neighbour(columns, 'a', 'ArrowDown')).toBe('b');
    expect(neighbour(columns, 'b', 'ArrowDown')).toBe('b');
    expect(neighbour(columns, 'b', 'ArrowRight')).toBe('d');
    expect(neighbour(columns, 'c', 'ArrowLeft')).toBe('a');
    expect(neighbour(columns, 'c', 'ArrowRight')).toBe('c');
  });
});

describe('daysFromTo', () => {
  it('lists every day of an answer, across a month end, both ends included', () => {
    expect(daysFromTo('2026-11-30', '2026-12-06')).toEqual([
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
      '2026-12-03',
      '2026-12-04',
      '2026-12-05',
      '2026-12-06',
    ]);
    expect(daysFromTo('2026-12-04', '2026-12-04')).toEqual(['2026-12-04']);
    expect(daysFromTo('2026-12-05', '2026-12-04')).toEqual([]);
  });
});

describe('splitSurname', () => {
  it('keeps the capitals together, the rest apart', () => {
    expect(splitSurname('HENRY-COLIN Magali')).toEqual(['HENRY-COLIN', 'Magali']);
    expect(splitSurname('DE LA FONTAINE Valérie')).toEqual(['DE LA FONTAINE', 'Valérie']);
    expect(splitSurname('NIANG (née SCHMITT) Sylvie')).toEqual(['NIANG', '(née SCHMITT) Sylvie']);
    expect(splitSurname('MAGALHÃES Élise')).toEqual(['MAGALHÃES', 'Élise']);
    expect(splitSurname("D'ALMEIDA Jean-Luc")).toEqual(["D'ALMEIDA", 'Jean-Luc']);
  });

  it('leaves a caller typed without capitals, or all in capitals, in one piece', () => {
    expect(splitSurname('Mme Attente')).toEqual(['Mme Attente', '']);
    expect(splitSurname('Passage 12')).toEqual(['Passage 12', '']);
    expect(splitSurname('DUPONT')).toEqual(['DUPONT', '']);
  });
});

describe('gridScrollMinutes', () => {
  const week = ['2026-11-23', '2026-11-24', '2026-11-25'];
  const from = 7 * 60 + 50; // 07:50
  it('starts at the working day when today is not shown, or now is in view', () => {
    expect(gridScrollMinutes(from, 680, week, null)).toBe(50);
    expect(gridScrollMinutes(from, 680, week, '2026-12-01T10:00')).toBe(50);
    expect(gridScrollMinutes(from, 680, week, '2026-11-24T10:00')).toBe(50);
    // Before 07:00 or after 20:00 there is no line to show.
    expect(gridScrollMinutes(from, 680, week, '2026-11-24T03:40')).toBe(50);
    expect(gridScrollMinutes(from, 300, week, '2026-11-24T21:15')).toBe(50);
  });

  it('brings the current time into view on today when the grid is too short for the day', () => {
    // 300 minutes in view (larger text, small window): 17:30 is out of view.
    expect(gridScrollMinutes(from, 300, week, '2026-11-24T17:30')).toBe(17 * 60 + 30 - 7 * 60 - 100);
    // Just inside the bottom edge keeps the working day's start.
    expect(gridScrollMinutes(from, 300, week, '2026-11-24T12:20')).toBe(50);
  });
});
