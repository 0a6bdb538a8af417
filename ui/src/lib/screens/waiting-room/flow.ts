// Small pure helpers of the waiting room, the waiting list and the patient's
// appointments: wall-clock strings of the cabinet zone (`2026-11-24T09:00`)
// are cut as text, never parsed as the laptop's local time.
import type { AppointmentStatus } from '../../agenda';
import { t, type MessageKey } from '../../i18n';

/** `09:00` from `2026-11-24T09:00`. */
export function clock(wallClock: string): string {
  return wallClock.slice(11, 16);
}

/** `24/11/2026` from `2026-11-24T09:00` (or from `2026-11-24`). */
export function day(wallClock: string): string {
  const [y, m, d] = wallClock.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

/** Whole minutes since an RFC 3339 instant (never negative). */
export function minutesSince(instant: string, now: number): number {
  const at = Date.parse(instant);
  if (Number.isNaN(at)) return 0;
  return Math.max(0, Math.floor((now - at) / 60_000));
}

/** « 12 min », « 1 h 05 ». */
export function duration(minutes: number): string {
  if (minutes < 60) return t('waitingRoom.minutes', { n: minutes });
  const m = minutes % 60;
  return t('waitingRoom.hours', { h: Math.floor(minutes / 60), m: m < 10 ? `0${m}` : String(m) });
}

const STATUS_LABELS: Record<string, MessageKey> = {
  planifie: 'waitingRoom.status.planifie',
  confirme: 'waitingRoom.status.confirme',
  arrive: 'waitingRoom.status.arrive',
  en_consultation: 'waitingRoom.status.en_consultation',
  termine: 'waitingRoom.status.termine',
  annule: 'waitingRoom.status.annule',
  absent_excuse: 'waitingRoom.status.absent_excuse',
  absent_non_excuse: 'waitingRoom.status.absent_non_excuse',
};

export function statusLabel(status: string): string {
  const key = STATUS_LABELS[status];
  return key ? t(key) : status;
}

/** How far along the day an appointment is (the core's own ranking). */
function rank(status: string): number {
  switch (status) {
    case 'arrive':
      return 1;
    case 'en_consultation':
      return 2;
    case 'termine':
      return 3;
    default:
      return 0;
  }
}

/**
 * The status changes that take an appointment back from `current` to
 * `previous` (an undo). The core only allows one step back at a time
 * (terminé → en consultation → arrivé → planifié), and « confirmé » is
 * reached again from « planifié ».
 */
export function undoSteps(current: AppointmentStatus, previous: AppointmentStatus): AppointmentStatus[] {
  const back: AppointmentStatus[] = ['planifie', 'arrive', 'en_consultation'];
  const steps: AppointmentStatus[] = [];
  for (let r = rank(current) - 1; r >= rank(previous); r--) steps.push(back[r] ?? 'planifie');
  if (previous === 'confirme') steps.push('confirme');
  return steps;
}

/** The next step of a card's column: its button and key. */
export interface Step {
  label: string;
  testid: string;
  key: string;
  run: () => void;
}
