// The desk's counts (navigation badge, home screen), shared by whoever
// shows them and refreshed after each change and every half minute.
import { messagesApi, type DeskCounts } from './messages';

const EMPTY: DeskCounts = {
  unanswered: 0,
  unansweredUrgent: 0,
  toCallBack: 0,
  tasksToday: 0,
  tasksOverdue: 0,
  mailToSee: 0,
  mailUrgent: 0,
  mailToFile: 0,
};

class Desk {
  counts = $state<DeskCounts>({ ...EMPTY });
  /** The « Message téléphonique » dialog (Alt+T from anywhere). */
  dialogOpen = $state(false);
  /** Bumped after a message or task changed, so open lists reload. */
  changes = $state(0);

  async refresh(): Promise<void> {
    try {
      // A shell without the desk (older test mocks) answers nothing.
      this.counts = (await messagesApi.deskCounts()) ?? { ...EMPTY };
    } catch {
      // Locked or closed meanwhile: the badge waits for the next opening.
    }
  }

  changed(): void {
    this.changes++;
    void this.refresh();
  }

  reset(): void {
    this.counts = { ...EMPTY };
    this.dialogOpen = false;
  }
}

export const desk = new Desk();
