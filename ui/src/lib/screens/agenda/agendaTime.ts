// Pure helpers of the agenda screen: calendar arithmetic on wall-clock
// strings of the cabinet's zone (`2026-11-24`, `2026-11-24T09:00`), the
// layout of overlapping blocks side by side, and the rules the buttons
// follow. No Date arithmetic in the laptop's zone: days are computed in UTC,
// where every day has 24 hours.
import { isoWeekday, parseFrenchDate, startOfWeek } from '../../format';

export type AgendaViewKind = 'day' | 'week' | 'month';

/** First and last hour of the grid. */
export const GRID_START_HOUR = 7;
export const GRID_END_HOUR = 20;
export const GRID_MINUTES = (GRID_END_HOUR - GRID_START_HOUR) * 60;

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function toUtc(isoDate: string): Date {
  const [y, m, d] = isoDate.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
}

function fromUtc(date: Date): string {
  return `${date.getUTCFullYear()}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())}`;
}

/** `2026-11-24` + n days. */
export function addDays(isoDate: string, days: number): string {
  const date = toUtc(isoDate);
  date.setUTCDate(date.getUTCDate() + days);
  return fromUtc(date);
}

/** `2026-01-31` + 1 month = `2026-02-28` (the last day when the month is shorter). */
export function addMonths(isoDate: string, months: number): string {
  const date = toUtc(isoDate);
  const day = date.getUTCDate();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() + months);
  const last = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(day, last));
  return fromUtc(date);
}

/** The days a view shows around `anchor`: one day, or Monday to Sunday. */
export function visibleDays(view: AgendaViewKind, anchor: string): string[] {
  if (view === 'day') return [anchor];
  const monday = startOfWeek(anchor);
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}

/** Every day from `from` to `to`, both included ('YYYY-MM-DD'). */
export function daysFromTo(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to && days.length < 42; day = addDays(day, 1)) days.push(day);
  return days;
}

/** The anchor one period before (-1) or after (+1). */
export function shiftAnchor(view: AgendaViewKind, anchor: string, step: number): string {
  if (view === 'day') return addDays(anchor, step);
  if (view === 'week') return addDays(anchor, 7 * step);
  return addMonths(anchor, step);
}

/**
 * The month overview's weeks: Monday-first rows of `yyyy-mm-dd`, null for
 * the cells before the 1st and after the last day.
 */
export function monthWeeks(days: readonly string[]): (string | null)[][] {
  if (days.length === 0) return [];
  const cells: (string | null)[] = Array.from(
    { length: isoWeekday(days[0] as string) - 1 },
    () => null,
  );
  cells.push(...days);
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: (string | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/** `2026-11-24T09:05` → `2026-11-24`. */
export function dayOf(dateTime: string): string {
  return dateTime.slice(0, 10);
}

/** `2026-11-24T09:05` → `09:05`. */
export function timeOf(dateTime: string): string {
  return dateTime.slice(11, 16);
}

/** Minutes since midnight of `2026-11-24T09:05` (545). */
export function minuteOfDay(dateTime: string): number {
  const hours = Number(dateTime.slice(11, 13));
  const minutes = Number(dateTime.slice(14, 16));
  return hours * 60 + minutes;
}

/** Whole minutes from `a` to `b` (both wall-clock strings of the same zone). */
export function minutesBetween(a: string, b: string): number {
  const days = (toUtc(dayOf(b)).getTime() - toUtc(dayOf(a)).getTime()) / 86_400_000;
  return days * 1440 + minuteOfDay(b) - minuteOfDay(a);
}

/** `2026-11-24` + 545 minutes → `2026-11-24T09:05`. */
export function atMinute(isoDate: string, minutes: number): string {
  return `${isoDate}T${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;
}

/** `09:05`, `9h05`, `9:5`, `905`, `9` → `09:05`; null when it is not a time. */
export function parseTime(text: string): string | null {
  const m = /^\s*(\d{1,2})\s*(?:[:hH.]\s*(\d{1,2})?|(\d{2}))?\s*$/.exec(text);
  if (!m) return null;
  const hours = Number(m[1]);
  const minutes = Number(m[2] ?? m[3] ?? 0);
  if (hours > 23 || minutes > 59) return null;
  return `${pad2(hours)}:${pad2(minutes)}`;
}

/** `24/11/2026` or `24112026` → `2026-11-24`; null when it is not a real date. */
export function parseDay(text: string): string | null {
  const digits = /^\s*(\d{2})(\d{2})(\d{4})\s*$/.exec(text);
  if (digits) return parseFrenchDate(`${digits[1]}/${digits[2]}/${digits[3]}`);
  return parseFrenchDate(text);
}

/** `2026-11-24` → `24/11/2026`. */
export function frenchDay(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${d}/${m}/${y}`;
}

const LONG_DAY = new Intl.DateTimeFormat('fr-FR', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const SHORT_DAY = new Intl.DateTimeFormat('fr-FR', { weekday: 'short', timeZone: 'UTC' });
const WEEKDAY = new Intl.DateTimeFormat('fr-FR', { weekday: 'long', timeZone: 'UTC' });
const MONTH = new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** `mardi 24 novembre 2026` */
export function longDay(isoDate: string): string {
  return LONG_DAY.format(toUtc(isoDate));
}

/** `mar. 24/11` */
export function shortDay(isoDate: string): string {
  return `${SHORT_DAY.format(toUtc(isoDate))} ${isoDate.slice(8, 10)}/${isoDate.slice(5, 7)}`;
}

/** `mardi` */
export function weekdayName(isoDate: string): string {
  return WEEKDAY.format(toUtc(isoDate));
}

/** `novembre 2026` */
export function monthName(isoDate: string): string {
  return MONTH.format(toUtc(isoDate));
}

/** `3 h 20`, `45 min`, `2 h` */
export function durationLabel(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${pad2(m)}`;
}

/** Where a block of [start, end) minutes of the day sits in the grid (clamped to it). */
export function gridSpan(startMinute: number, endMinute: number): { top: number; height: number } {
  const gridStart = GRID_START_HOUR * 60;
  const top = Math.max(0, Math.min(GRID_MINUTES, startMinute - gridStart));
  const bottom = Math.max(0, Math.min(GRID_MINUTES, endMinute - gridStart));
  return { top, height: Math.max(bottom - top, 0) };
}

export interface Span {
  start: number;
  end: number;
}

/**
 * Overlapping blocks side by side: each gets a lane, and every block of a
 * cluster of mutually overlapping ones gets the cluster's lane count, so
 * widths match within the cluster. Greedy by start time: a block takes the
 * first lane free at its start. Returns one entry per input, in input order.
 */
export function layoutLanes(spans: readonly Span[]): { lane: number; lanes: number }[] {
  const order = spans.map((_, i) => i).sort((a, b) => {
    const sa = spans[a] as Span;
    const sb = spans[b] as Span;
    return sa.start - sb.start || sb.end - sa.end;
  });
  const result = spans.map(() => ({ lane: 0, lanes: 1 }));
  let cluster: number[] = [];
  let laneEnds: number[] = [];
  let clusterEnd = -Infinity;
  const closeCluster = () => {
    for (const i of cluster) (result[i] as { lanes: number }).lanes = laneEnds.length;
    cluster = [];
    laneEnds = [];
  };
  for (const i of order) {
    const span = spans[i] as Span;
    if (span.start >= clusterEnd) closeCluster();
    let lane = laneEnds.findIndex((end) => end <= span.start);
    if (lane === -1) {
      lane = laneEnds.length;
      laneEnds.push(span.end);
    } else {
      laneEnds[lane] = span.end;
    }
    (result[i] as { lane: number }).lane = lane;
    cluster.push(i);
    clusterEnd = cluster.length === 1 ? span.end : Math.max(clusterEnd, span.end);
  }
  closeCluster();
  return result;
}

/** « DUPONT Jean-Pierre » / « Jean Dupont » → birth name and first names for a new file. */
export function splitCallerName(name: string): { birthName: string; birthFirstNames: string } {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return { birthName: '', birthFirstNames: '' };
  if (words.length === 1) return { birthName: words[0] as string, birthFirstNames: '' };
  // Written in capitals = the surname, wherever it stands (« Jean DUPONT »).
  const isUpper = (w: string) => w.length > 1 && w === w.toLocaleUpperCase('fr-FR') && /\p{L}/u.test(w);
  const upper = words.filter(isUpper);
  if (upper.length > 0 && upper.length < words.length) {
    return {
      birthName: upper.join(' '),
      birthFirstNames: words.filter((w) => !isUpper(w)).join(' '),
    };
  }
  // Otherwise the desk habit: surname first.
  return { birthName: words[0] as string, birthFirstNames: words.slice(1).join(' ') };
}

/**
 * Moving among the blocks with the arrow keys. `columns` holds, per grid
 * column (left to right), the blocks' ids and start minutes sorted by
 * time. ↑/↓ go to the previous/next block in the column; ←/→ to the
 * block of the nearest column that has one, nearest in time.
 */
export function neighbour(
  columns: readonly { id: string; start: number }[][],
  current: string | null,
  key: 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight',
): string | null {
  let col = -1;
  let row = -1;
  columns.forEach((blocks, c) => {
    const r = blocks.findIndex((b) => b.id === current);
    if (r !== -1) {
      col = c;
      row = r;
    }
  });
  if (col === -1) {
    const first = columns.find((blocks) => blocks.length > 0);
    return first?.[0]?.id ?? null;
  }
  const blocks = columns[col] as { id: string; start: number }[];
  if (key === 'ArrowDown') return blocks[Math.min(row + 1, blocks.length - 1)]?.id ?? current;
  if (key === 'ArrowUp') return blocks[Math.max(row - 1, 0)]?.id ?? current;
  const start = (blocks[row] as { start: number }).start;
  const step = key === 'ArrowRight' ? 1 : -1;
  for (let c = col + step; c >= 0 && c < columns.length; c += step) {
    const candidates = columns[c] as { id: string; start: number }[];
    if (candidates.length === 0) continue;
    let best = candidates[0] as { id: string; start: number };
    for (const b of candidates) {
      if (Math.abs(b.start - start) < Math.abs(best.start - start)) best = b;
    }
    return best.id;
  }
  return current;
}

/** What the booking dialog starts from (a click on the grid, N, the slot finder). */
export interface BookingInitial {
  calendarId: string;
  /** `2026-11-24T09:00` */
  startsAt: string;
  motifId: string | null;
  durationMinutes: number | null;
  /** Everything but the patient is chosen (slot finder): after the patient, « Réserver ». */
  fromSlot?: boolean;
  /** Already chosen (booked from the patient's file). */
  patient?: BookingPatient | null;
}

/** Who an appointment is for, as the booking dialog shows it. */
export interface BookingPatient {
  id: string;
  displayName: string;
  /** dd/mm/yyyy */
  birthDate: string;
  phone: string | null;
}

/**
 * « HENRY-COLIN Magali » → [« HENRY-COLIN », « Magali »]; « NIANG (née
 * SCHMITT) Sylvie » → [« NIANG », « (née SCHMITT) Sylvie »]. The surname is
 * written in capitals (the directory's display name), so it is the leading
 * words without a lower-case letter. In a narrow column the rest gives way
 * first and the surname stays whole. A name without capitals (« Mme
 * Attente », a caller) stays in one piece.
 */
export function splitSurname(who: string): [string, string] {
  const words = who.trim().split(/\s+/);
  let count = 0;
  while (count < words.length) {
    const word = words[count] ?? '';
    if (word.startsWith('(') || word !== word.toLocaleUpperCase('fr-FR') || !/\p{L}/u.test(word)) break;
    count += 1;
  }
  if (count === 0 || count === words.length) return [who.trim(), ''];
  return [words.slice(0, count).join(' '), words.slice(count).join(' ')];
}

/**
 * Where the day / week grid starts scrolled, in minutes from the grid's
 * first hour: the start of the working day (`viewFrom`, minute of the day);
 * but on a shown day that is today, if the current time would be out of
 * the `room` minutes in view, a third of the way down from it.
 */
export function gridScrollMinutes(viewFrom: number, room: number, days: readonly string[], now: string | null): number {
  const gridStart = GRID_START_HOUR * 60;
  const top = viewFrom - gridStart;
  if (!now || !days.includes(dayOf(now))) return Math.max(0, top);
  const minute = minuteOfDay(now);
  if (minute < gridStart || minute > GRID_END_HOUR * 60) return Math.max(0, top);
  const at = minute - gridStart;
  // Some room under the line, so the next appointments show too.
  if (at >= top && at <= top + room - 20) return Math.max(0, top);
  return Math.max(0, at - room / 3);
}
