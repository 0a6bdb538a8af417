// The text size she chose for this computer (Ctrl + / Ctrl − / Ctrl 0):
// a factor on the page's root font size (app.css reads it as `--zoom`), so
// every rem grows with it. Kept in this computer's local storage — a
// number, nothing about the cabinet or its patients — and put back before
// the first screen is drawn.

/** The sizes she steps through; 1 is the normal size. */
export const ZOOM_STEPS = [0.8, 0.9, 1, 1.1, 1.25, 1.4, 1.6, 1.8, 2] as const;
export const STORAGE_KEY = 'carnet.zoom';

/** The part of `Storage` the zoom uses (easy to fake in tests). */
export type ZoomStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** The stored factor, or 1 when none (or something unexpected) is stored. */
export function readZoom(storage: ZoomStorage | null): number {
  let raw: string | null = null;
  try {
    raw = storage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    return 1;
  }
  const value = Number(raw);
  return ZOOM_STEPS.some((step) => step === value) ? value : 1;
}

/** The next size up (+1) or down (−1), staying within the steps. */
export function stepZoom(current: number, direction: 1 | -1): number {
  const index = ZOOM_STEPS.findIndex((step) => step >= current - 1e-9);
  const at = index === -1 ? ZOOM_STEPS.length - 1 : index;
  const exact = ZOOM_STEPS[at] === current;
  const next = direction > 0 ? (exact ? at + 1 : at) : at - 1;
  return ZOOM_STEPS[Math.max(0, Math.min(ZOOM_STEPS.length - 1, next))] ?? 1;
}

/** Remembers `factor` (the normal size is simply forgotten). */
export function saveZoom(storage: ZoomStorage | null, factor: number): void {
  try {
    if (factor === 1) storage?.removeItem(STORAGE_KEY);
    else storage?.setItem(STORAGE_KEY, String(factor));
  } catch {
    /* storage full or refused: the size still applies until she quits */
  }
}

/** Sets the page's text size. */
export function applyZoom(root: HTMLElement, factor: number): void {
  if (factor === 1) root.style.removeProperty('--zoom');
  else root.style.setProperty('--zoom', String(factor));
}

/** This computer's storage, or null where there is none (tests, odd set-ups). */
export function localStorageOrNull(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** Ctrl + / Ctrl − / Ctrl 0: change, apply and remember; returns the new factor. */
export function changeZoom(
  change: 'in' | 'out' | 'reset',
  root: HTMLElement = document.documentElement,
  storage: ZoomStorage | null = localStorageOrNull(),
): number {
  const current = readZoom(storage);
  const next = change === 'reset' ? 1 : stepZoom(current, change === 'in' ? 1 : -1);
  applyZoom(root, next);
  saveZoom(storage, next);
  return next;
}
