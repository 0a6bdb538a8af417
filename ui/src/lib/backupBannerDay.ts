// « Masquer aujourd'hui » on the backup warning: the day she hid it, kept in
// this computer's local storage — a date, nothing else — so the warning
// stays away until the next day, then comes back. The « Sauvegardes »
// section always shows the warnings in full.

export const HIDDEN_ON_KEY = 'carnet.backupWarningHiddenOn';

/** The part of `Storage` this uses (easy to fake in tests). */
export type DayStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** `2026-12-07`: the calendar day of `now` on this computer's clock. */
export function localDay(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Did she hide the warning on the day of `now`? */
export function hiddenOn(storage: DayStorage | null, now: Date): boolean {
  try {
    return storage?.getItem(HIDDEN_ON_KEY) === localDay(now);
  } catch {
    return false;
  }
}

/** Hides the warning for the rest of the day of `now`. */
export function hideFor(storage: DayStorage | null, now: Date): void {
  try {
    storage?.setItem(HIDDEN_ON_KEY, localDay(now));
  } catch {
    /* storage refused: hidden until the window reloads only */
  }
}
