// What the agenda shows, kept while she visits another section and comes
// back: the view, the day it is anchored on, the calendars she unticked.
// No patient data here.
import type { AgendaViewKind } from './agendaTime';

class AgendaState {
  view = $state<AgendaViewKind>('week');
  /** `yyyy-mm-dd`; null until the cabinet's "today" is known. */
  anchor = $state<string | null>(null);
  /** Unticked calendars (a new calendar is shown by default). */
  hidden = $state<string[]>([]);
}

export const agendaState = new AgendaState();
