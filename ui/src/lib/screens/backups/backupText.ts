// How the backup screens say dates, sizes and contents, in French.
import type { Counts } from '../../bindings/Counts';
import { formatDate, formatTime } from '../../format';
import { t, tp } from '../../i18n';

/** `20 118` (narrow no-break space between thousands, as French writes it). */
export function grouped(n: number): string {
  const sign = n < 0 ? '−' : '';
  return sign + String(Math.abs(Math.trunc(n))).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
}

function instant(at: string): Date | null {
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** `lundi 23/11/2026 à 14:05` in the cabinet's zone. */
export function longMoment(at: string, timeZone: string): string {
  const date = instant(at);
  if (!date) return at;
  const weekday = new Intl.DateTimeFormat('fr-FR', { weekday: 'long', timeZone }).format(date);
  return t('backups.when', {
    weekday,
    date: formatDate(date, timeZone),
    time: formatTime(date, timeZone),
  });
}

/** `23/11/2026 14:05` in the cabinet's zone. */
export function shortMoment(at: string, timeZone: string): string {
  const date = instant(at);
  return date ? `${formatDate(date, timeZone)} ${formatTime(date, timeZone)}` : at;
}

/** `12,4 Mo` (one decimal; 1 Mo = 1 000 000 octets, as the file manager says). */
export function megabytes(bytes: number): string {
  const mo = bytes / 1_000_000;
  if (mo < 0.1) return t('backups.sizeTiny');
  const [whole, decimal] = mo.toFixed(1).split('.');
  return t('backups.size', { size: `${grouped(Number(whole))},${decimal}` });
}

/** `512 patients, 20 118 rendez-vous, 35 correspondants`. */
export function countsText(counts: Counts): string {
  return [
    tp('backups.counts.patients', counts.patients, { count: grouped(counts.patients) }),
    tp('backups.counts.appointments', counts.appointments, { count: grouped(counts.appointments) }),
    tp('backups.counts.correspondants', counts.correspondants, { count: grouped(counts.correspondants) }),
  ].join(', ');
}

/** The last part of a path, whatever the separator. */
export function fileName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}

/** The folder holding `path` (its own separator kept). */
export function folderOf(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut > 0 ? path.slice(0, cut) : path;
}
