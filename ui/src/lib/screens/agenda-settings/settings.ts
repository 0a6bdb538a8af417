// Pure helpers of the agenda settings: the weekly template as the editor
// holds it (one list of plages per weekday), and absence periods as the
// form offers them (whole days by default). Dates are `yyyy-mm-dd`, times
// `HH:MM`, both wall-clock in the cabinet's zone: no Date arithmetic in the
// laptop's zone, only calendar days computed in UTC.
import type { PlageDraft, WeeklyTemplate } from '../../agenda';

/** One plage in the editor; `key` keeps rows stable while she edits. */
export interface EditPlage {
  key: number;
  starts: string;
  ends: string;
  motifIds: string[];
}

/** Index 0 = lundi … 6 = dimanche. */
export type WeekPlages = EditPlage[][];

let nextKey = 1;

export function editPlage(starts: string, ends: string, motifIds: string[] = []): EditPlage {
  return { key: nextKey++, starts, ends, motifIds: [...motifIds] };
}

/** The core's plages, grouped by weekday for the editor. */
export function weekOf(plages: readonly PlageDraft[]): WeekPlages {
  const week: WeekPlages = Array.from({ length: 7 }, () => []);
  for (const p of plages) {
    week[p.weekday - 1]?.push(editPlage(p.starts, p.ends, p.motifIds));
  }
  return week;
}

/** What the core receives: every plage with its weekday (1 = lundi), in order. */
export function plagesOf(week: WeekPlages): PlageDraft[] {
  return week.flatMap((day, i) =>
    day.map((p) => ({ weekday: i + 1, starts: p.starts.trim(), ends: p.ends.trim(), motifIds: [...p.motifIds] })),
  );
}

/** `9:30`, `09:30`, `9h30`, `9h` → minutes since midnight (as the core reads them), else null. */
export function minutesOf(text: string): number | null {
  const m = /^\s*(\d{1,2})[:h](\d{2})?\s*$/i.exec(text);
  if (!m) return null;
  const hours = Number(m[1]);
  const minutes = m[2] === undefined ? 0 : Number(m[2]);
  if (hours > 23 || minutes > 59) return null;
  return hours * 60 + minutes;
}

export function clockOf(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/**
 * The times a new plage starts with: the usual morning, then the usual
 * afternoon, then an hour after the day's last plage (empty past 23:00 —
 * she types them).
 */
export function nextPlageTimes(day: readonly EditPlage[]): { starts: string; ends: string } {
  if (day.length === 0) return { starts: '08:30', ends: '12:00' };
  const lastEnd = Math.max(...day.map((p) => minutesOf(p.ends) ?? 0));
  if (lastEnd <= 14 * 60) return { starts: '14:00', ends: '18:30' };
  if (lastEnd + 60 > 23 * 60 + 59) return { starts: '', ends: '' };
  return { starts: clockOf(lastEnd), ends: clockOf(lastEnd + 60) };
}

/**
 * Keys of the plages the core would refuse (unreadable time, end not after
 * start, overlap with another plage of the day): marked in the form next to
 * the core's message, which names only the day.
 */
export function faultyPlages(week: WeekPlages): Set<number> {
  const faulty = new Set<number>();
  for (const day of week) {
    const timed: { key: number; starts: number; ends: number }[] = [];
    for (const p of day) {
      const starts = minutesOf(p.starts);
      const ends = minutesOf(p.ends);
      if (starts === null || ends === null || ends <= starts) faulty.add(p.key);
      else timed.push({ key: p.key, starts, ends });
    }
    timed.sort((a, b) => a.starts - b.starts);
    for (let i = 1; i < timed.length; i++) {
      const before = timed[i - 1];
      const after = timed[i];
      if (before && after && after.starts < before.ends) {
        faulty.add(before.key);
        faulty.add(after.key);
      }
    }
  }
  return faulty;
}

export type VersionState = 'past' | 'inForce' | 'future';

/** Templates are oldest first; the one in force is the last started by `today`. */
export function versionStates(templates: readonly WeeklyTemplate[], today: string): VersionState[] {
  let inForce = -1;
  templates.forEach((tpl, i) => {
    if (tpl.validFrom <= today) inForce = i;
  });
  return templates.map((tpl, i) => (i === inForce ? 'inForce' : tpl.validFrom > today ? 'future' : 'past'));
}

/** The version the editor opens on: the one in force, else the first to come. */
export function defaultVersion(templates: readonly WeeklyTemplate[], today: string): WeeklyTemplate | null {
  const states = versionStates(templates, today);
  const index = states.indexOf('inForce');
  return templates[index >= 0 ? index : 0] ?? null;
}

/** `yyyy-mm-dd` plus `days` calendar days. */
export function addDays(isoDate: string, days: number): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  const date = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + days));
  return date.toISOString().slice(0, 10);
}

/**
 * Whole days from `first` to `last` (both included, `yyyy-mm-dd`): from
 * midnight on the first day to midnight after the last, as the core wants.
 */
export function wholeDays(first: string, last: string): { startsAt: string; endsAt: string } {
  return { startsAt: `${first}T00:00`, endsAt: `${addDays(last, 1)}T00:00` };
}

export type Period =
  | { kind: 'day'; day: string }
  | { kind: 'days'; first: string; last: string }
  | { kind: 'times'; starts: string; ends: string };

/** How a stored period reads: whole days when it runs midnight to midnight. */
export function periodOf(startsAt: string, endsAt: string): Period {
  const startDay = startsAt.slice(0, 10);
  const endDay = endsAt.slice(0, 10);
  if (startsAt.endsWith('T00:00') && endsAt.endsWith('T00:00') && endDay > startDay) {
    const last = addDays(endDay, -1);
    return last === startDay ? { kind: 'day', day: startDay } : { kind: 'days', first: startDay, last };
  }
  return { kind: 'times', starts: startsAt, ends: endsAt };
}
