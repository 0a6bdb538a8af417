// What the « Comptes rendus » section shows, kept between visits, and the
// counts of its navigation badge. A patient file hands a report over here
// (`openReport`) to type or read it at the station.
import { reportsApi, type ReportDetails, type WorkCounts } from '../../reports';

export type ReportsView =
  | { kind: 'work' }
  | { kind: 'import' }
  | { kind: 'importExisting' }
  | { kind: 'new'; patientId: string | null }
  | { kind: 'newLetter'; patientId: string | null }
  | { kind: 'register' }
  | { kind: 'inbox' }
  | { kind: 'station'; id: string }
  | { kind: 'queue' }
  | { kind: 'search' }
  | { kind: 'templates' };

class ReportsState {
  view = $state<ReportsView>({ kind: 'work' });
  counts = $state<WorkCounts | null>(null);

  show(view: ReportsView): void {
    this.view = view;
  }

  /** Refreshes the badge; a locked or closed cabinet leaves it as it was. */
  async refreshCounts(): Promise<void> {
    try {
      this.counts = await reportsApi.counts();
    } catch {
      // The badge is a hint: the section itself shows any error.
    }
  }

  reset(): void {
    this.view = { kind: 'work' };
    this.counts = null;
  }
}

export const reports = new ReportsState();

/** « 2:05 » from milliseconds; « — » without a recording. */
export function lengthLabel(ms: number | null): string {
  if (ms === null) return '—';
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** `2026-12-07` or an RFC 3339 moment → « 07/12/2026 ». */
export function dayLabel(iso: string | null): string {
  if (!iso) return '—';
  const [y = '', m = '', d = ''] = iso.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

/** The details a new dictation or report starts from (the first doctor is picked by the form). */
export function newDetails(patientId: string | null = null): ReportDetails {
  return {
    patientId,
    authorId: '',
    kind: 'consultation',
    priority: 'normal',
    dueOn: null,
    note: '',
    consultationOn: null,
  };
}
