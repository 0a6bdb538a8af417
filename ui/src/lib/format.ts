// French formats, whatever the laptop's settings: dd/mm/yyyy, 24-hour clock,
// weeks starting on Monday, `12,50 €`, `06 12 34 56 78`. Dates that carry a
// time are shown in the cabinet's time zone, never the machine's.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Calendar parts of `date` as seen in `timeZone` (24-hour clock). */
function partsIn(date: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((p) => p.type === type)?.value ?? '00';
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
  };
}

/**
 * `dd/mm/yyyy`. A plain `yyyy-mm-dd` (a birth date) is shown as is, with no
 * time-zone arithmetic; an instant is shown as the date in `timeZone`.
 * Text that is not a date is returned unchanged rather than hidden.
 */
export function formatDate(value: string | Date, timeZone = 'Europe/Paris'): string {
  if (typeof value === 'string') {
    const m = ISO_DATE.exec(value.trim());
    if (m) return `${m[3]}/${m[2]}/${m[1]}`;
    const instant = new Date(value);
    if (Number.isNaN(instant.getTime())) return value;
    value = instant;
  }
  if (Number.isNaN(value.getTime())) return '';
  const p = partsIn(value, timeZone);
  return `${p.day}/${p.month}/${p.year}`;
}

/** `HH:mm` on a 24-hour clock, in `timeZone`. */
export function formatTime(value: Date, timeZone = 'Europe/Paris'): string {
  const p = partsIn(value, timeZone);
  return `${p.hour}:${p.minute}`;
}

/** `dd/mm/yyyy HH:mm` in `timeZone`. */
export function formatDateTime(value: Date, timeZone = 'Europe/Paris'): string {
  return `${formatDate(value, timeZone)} ${formatTime(value, timeZone)}`;
}

/** Today's date (`yyyy-mm-dd`) in the cabinet's time zone. */
export function todayIso(timeZone = 'Europe/Paris', now: Date = new Date()): string {
  const p = partsIn(now, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** `dd/mm/yyyy` typed by a person → `yyyy-mm-dd`, or null if it is not a real date. */
export function parseFrenchDate(text: string): string | null {
  const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(text);
  if (!m) return null;
  const day = Number(m[1]);
  const month = Number(m[2]);
  const year = Number(m[3]);
  const check = new Date(Date.UTC(year, month - 1, day));
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day
  ) {
    return null;
  }
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

/** ISO weekday of a `yyyy-mm-dd` date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(isoDate: string): number {
  const m = ISO_DATE.exec(isoDate);
  if (!m) throw new RangeError(`not a yyyy-mm-dd date: ${isoDate}`);
  const day = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The Monday starting the week that contains `isoDate` (`yyyy-mm-dd`). */
export function startOfWeek(isoDate: string): string {
  const m = ISO_DATE.exec(isoDate);
  if (!m) throw new RangeError(`not a yyyy-mm-dd date: ${isoDate}`);
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  date.setUTCDate(date.getUTCDate() - (isoWeekday(isoDate) - 1));
  return `${date.getUTCFullYear()}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())}`;
}

/** Day names, Monday first, in French: `lundi` … `dimanche`. */
export function weekdayNames(style: 'long' | 'short' = 'long'): string[] {
  const format = new Intl.DateTimeFormat('fr-FR', { weekday: style, timeZone: 'UTC' });
  // 2024-01-01 was a Monday.
  return Array.from({ length: 7 }, (_, i) => format.format(new Date(Date.UTC(2024, 0, 1 + i))));
}

/** `1234,5 €` style amounts from cents: `1 234,50 €` (narrow no-break spaces). */
export function formatEuros(cents: number): string {
  const negative = cents < 0;
  const abs = Math.abs(Math.round(cents));
  const euros = Math.floor(abs / 100);
  const rest = abs % 100;
  const grouped = String(euros).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
  return `${negative ? '−' : ''}${grouped},${pad2(rest)}\u00a0€`;
}

/** French phone numbers in pairs: `06 12 34 56 78` (also from `+33 6…`). */
export function formatPhone(raw: string): string {
  let digits = raw.replace(/[\s.\-()]/g, '');
  if (/^(\+33|0033)\d{9}$/.test(digits)) digits = `0${digits.slice(-9)}`;
  if (/^0\d{9}$/.test(digits)) return digits.replace(/(\d{2})(?=\d)/g, '$1 ');
  return raw.trim();
}

/** A file-name-safe slug: `Cabinet du Dr Lefèvre` → `cabinet-du-dr-lefevre`. */
export function slugify(text: string, fallback = 'cabinet'): string {
  const slug = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[œŒ]/g, 'oe')
    .replace(/[æÆ]/g, 'ae')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || fallback;
}

/** Joins a folder and a file name with the folder's own separator. */
export function joinPath(dir: string, fileName: string): string {
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  const trimmed = dir.replace(/[\\/]+$/, '');
  return `${trimmed}${sep}${fileName}`;
}
