// What the agenda shows, kept while she visits another section and comes
// back: the view, the day it is anchored on, the calendars she unticked.
// The one patient field, `bookFor`, is a hand-over: set by « Prendre RDV »
// in a patient file, taken (and emptied) by the agenda as it opens.
import type { AgendaViewKind, BookingPatient } from './agendaTime';

class AgendaState {
  view = $state<AgendaViewKind>('week');
  /** `yyyy-mm-dd`; null until the cabinet's "today" is known. */
  anchor = $state<string | null>(null);
  /** Unticked calendars (a new calendar is shown by default). */
  hidden = $state<string[]>([]);
  /** The patient whose appointment she started from the file, until the agenda takes it. */
  bookFor = $state<BookingPatient | null>(null);
}

export const agendaState = new AgendaState();
