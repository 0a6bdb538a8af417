// Where the window is, in one small store: which cabinet is open or locked,
// who is working, which launcher form or cabinet section is showing, and the
// dialogs. The Rust shell owns the truth (`sessionState`); this mirrors it and
// never keeps more than the shell lets the screen show: while locked, only the
// cabinet's name, colour and path, and the profiles that may unlock with a
// PIN, remain here.
import {
  api,
  asCommandError,
  type AppOverview,
  type CabinetSummary,
  type LockedCabinet,
  type PatientDraft,
  type SessionState,
} from './api';
import { t, type MessageKey } from './i18n';
import { safetyApi, type User } from './safety';

export type Phase = 'loading' | 'failed' | 'none' | 'open' | 'locked';

export type LauncherView =
  | { kind: 'home' }
  | { kind: 'create' }
  | { kind: 'open'; path: string; name: string | null };

export type Section =
  | 'home'
  | 'agenda'
  | 'waitingRoom'
  | 'messages'
  | 'cash'
  | 'waitingList'
  | 'agendaSettings'
  | 'patients'
  | 'correspondants'
  | 'reports'
  | 'security'
  | 'backups'
  | 'audit'
  | 'sheet';

/** What the « Patients » section shows. */
export type PatientView =
  | { kind: 'search' }
  | {
      kind: 'file';
      id: string;
      /** Yellow warnings from the last save (NIR / identity disagreements). */
      warnings: string[];
      /** A short confirmation (« Dossier créé. »). */
      notice: MessageKey | null;
    }
  | { kind: 'create'; prefill: Partial<PatientDraft> | null }
  | { kind: 'edit'; id: string }
  | { kind: 'merge'; id: string }
  | { kind: 'import' }
  | { kind: 'export' }
  | { kind: 'retention' };

/**
 * Set by a form with unsaved changes: called instead of navigating, with
 * what to do once she has agreed to leave.
 */
export type LeaveGuard = (proceed: () => void) => void;

class Session {
  phase = $state<Phase>('loading');
  /** Why start-up failed (French), when phase is `failed`. */
  failure = $state<string | null>(null);
  overview = $state<AppOverview | null>(null);
  /** The open cabinet; null unless phase is `open`. */
  cabinet = $state<CabinetSummary | null>(null);
  /** The locked cabinet; null unless phase is `locked`. */
  locked = $state<LockedCabinet | null>(null);
  /**
   * Who is working. Null while the cabinet is open but she has not yet
   * chosen her profile (several profiles: the identify screen shows).
   */
  user = $state<User | null>(null);
  /** The profiles to choose from while `user` is null. */
  users = $state<User[]>([]);
  /**
   * False between an open / unlock and the shell's answer about who is
   * working: neither the cabinet nor the identify screen shows yet.
   */
  peopleKnown = $state(false);
  /** The cabinet's auto-lock delay (security settings). */
  idleLockMinutes = $state(5);
  /**
   * The profile that worked last, pre-chosen on the lock screen (an id,
   * nothing read from a patient).
   */
  lastUserId = $state<string | null>(null);
  launcher = $state<LauncherView>({ kind: 'home' });
  /** Just created: show the emergency sheet (with this creation date) first. */
  justCreated = $state<{ createdOn: string } | null>(null);
  section = $state<Section>('home');
  helpOpen = $state(false);
  /** Bumped to ask the patient search box to take the focus. */
  searchFocusRequest = $state(0);
  patientView = $state<PatientView>({ kind: 'search' });
  /** The search text, kept while she visits a file and comes back. */
  patientQuery = $state('');
  includeArchived = $state(false);
  /** The directory's search text (« Correspondants »), kept between visits. */
  correspondantQuery = $state('');
  /** The file she last opened from the search (highlighted on return). */
  lastOpenedId = $state<string | null>(null);
  /** Not reactive on purpose: only read when something wants to navigate. */
  leaveGuard: LeaveGuard | null = null;
  /** A French message about a cabinet-wide action that failed (lock, close). */
  banner = $state<string | null>(null);
  /** The background integrity check ran for this opening. */
  private integrityChecked = false;
  busy = $state<'lock' | 'close' | null>(null);

  title = $derived.by(() => {
    if (this.phase === 'locked') return t('title.locked');
    if (this.phase === 'open' && this.cabinet) return t('title.open', { name: this.cabinet.name });
    return t('title.launcher');
  });

  async start(): Promise<void> {
    this.phase = 'loading';
    this.failure = null;
    try {
      const [state, overview] = await Promise.all([api.sessionState(), api.overview()]);
      this.overview = overview;
      this.apply(state);
    } catch (error) {
      this.failure = asCommandError(error).message;
      this.phase = 'failed';
    }
  }

  /** Mirrors the shell's state. */
  apply(state: SessionState): void {
    switch (state.state) {
      case 'none':
        this.cabinet = null;
        this.locked = null;
        this.justCreated = null;
        this.forgetPeople();
        this.lastUserId = null;
        this.resetPatients();
        this.phase = 'none';
        break;
      case 'open':
        this.locked = null;
        this.cabinet = state.cabinet;
        this.applyPeople(state);
        this.phase = 'open';
        break;
      case 'locked':
        this.toLocked(state.cabinet);
        break;
    }
  }

  /**
   * Asks the shell again where we are. The shell may lock on its own (idle
   * timer) or a command may answer `noCabinetOpen`: follow it.
   */
  async resync(): Promise<void> {
    if (this.phase === 'loading') return;
    try {
      const state = await api.sessionState();
      const stillOpen =
        this.phase === 'open' && state.state === 'open' && state.cabinet.path === this.cabinet?.path;
      // The same cabinet stays on screen; only who is working (and her
      // settings) may have moved.
      if (stillOpen) this.applyPeople(state);
      else this.apply(state);
      if (state.state === 'none') await this.refreshOverview();
    } catch {
      // Keep the current screen; the next action will report the problem.
    }
  }

  async refreshOverview(): Promise<void> {
    try {
      this.overview = await api.overview();
    } catch (error) {
      this.banner = asCommandError(error).message;
    }
  }

  showLauncher(view: LauncherView): void {
    this.launcher = view;
  }

  /** A cabinet has just been opened or created. */
  opened(cabinet: CabinetSummary, createdOn: string | null = null): void {
    this.justCreated = createdOn === null ? null : { createdOn };
    this.launcher = { kind: 'home' };
    void this.enter(cabinet);
  }

  /**
   * Shows the cabinet the shell has just opened or unlocked, once the shell
   * has said who is working (a single profile is known at once; with
   * several, the identify screen asks). Resolves when the screen is chosen.
   */
  private async enter(cabinet: CabinetSummary): Promise<void> {
    this.integrityChecked = false;
    this.locked = null;
    this.cabinet = cabinet;
    this.banner = null;
    this.forgetPeople();
    this.phase = 'open';
    try {
      const state = await api.sessionState();
      if (state.state === 'open' && state.cabinet.path === cabinet.path) this.applyPeople(state);
      else this.apply(state);
    } catch (error) {
      // Without knowing who works, nothing may show: the start-up error
      // screen offers « Réessayer ».
      this.failure = asCommandError(error).message;
      this.phase = 'failed';
    }
  }

  private applyPeople(state: Extract<SessionState, { state: 'open' }>): void {
    this.user = state.user;
    this.users = state.users;
    this.idleLockMinutes = state.idleLockMinutes;
    if (state.user) this.lastUserId = state.user.id;
    this.peopleKnown = true;
    if (state.user && !this.integrityChecked) {
      this.integrityChecked = true;
      void this.checkIntegrity();
    }
  }

  /** Opening read only the first pages: the whole file is checked in the
   *  background, and damage shows in the red banner at once. */
  private async checkIntegrity(): Promise<void> {
    try {
      const damage = await safetyApi.checkIntegrity();
      if (damage) this.banner = damage;
    } catch {
      // Locked or closed meanwhile: the next opening checks again.
    }
  }

  private forgetPeople(): void {
    this.user = null;
    this.users = [];
    this.peopleKnown = false;
  }

  /** Leaves the post-creation emergency sheet for the cabinet itself. */
  finishCreation(): void {
    this.justCreated = null;
    this.section = 'home';
  }

  /** Runs `action` now, or once a form with unsaved changes lets go. */
  navigate(action: () => void): void {
    const guard = this.leaveGuard;
    if (guard) guard(action);
    else action();
  }

  go(section: Section): void {
    this.navigate(() => {
      this.justCreated = null;
      this.section = section;
      if (section === 'patients') this.patientView = { kind: 'search' };
    });
  }

  focusSearch(): void {
    this.navigate(() => {
      this.justCreated = null;
      this.section = 'patients';
      this.patientView = { kind: 'search' };
      this.searchFocusRequest++;
    });
  }

  /** Shows a patient screen (through the unsaved-changes guard). */
  showPatients(view: PatientView): void {
    this.navigate(() => this.showPatientsNow(view));
  }

  /** Shows a patient screen without asking (the form itself is leaving). */
  showPatientsNow(view: PatientView): void {
    this.leaveGuard = null;
    this.justCreated = null;
    this.section = 'patients';
    this.patientView = view;
    if (view.kind === 'file') this.lastOpenedId = view.id;
  }

  openPatient(id: string, warnings: string[] = [], notice: MessageKey | null = null): void {
    this.showPatients({ kind: 'file', id, warnings, notice });
  }

  newPatient(prefill: Partial<PatientDraft> | null = null): void {
    this.showPatients({ kind: 'create', prefill });
  }

  /** Back to the search, keeping her text, with the focus in the box. */
  backToSearch(): void {
    this.navigate(() => {
      this.showPatientsNow({ kind: 'search' });
      this.searchFocusRequest++;
    });
  }

  /** Forgets every patient (and directory) screen state (lock, close). */
  resetPatients(): void {
    this.patientView = { kind: 'search' };
    this.patientQuery = '';
    this.includeArchived = false;
    this.lastOpenedId = null;
    this.correspondantQuery = '';
    this.leaveGuard = null;
  }

  /** Asks the shell for the cabinet summary again (the patient count moved). */
  async refreshCabinet(): Promise<void> {
    try {
      const state = await api.sessionState();
      if (state.state === 'open' && this.phase === 'open' && state.cabinet.path === this.cabinet?.path) {
        this.cabinet = state.cabinet;
      }
    } catch {
      // The count is only informative; the next screen reports real problems.
    }
  }

  private toLocked(cabinet: LockedCabinet): void {
    // Drop everything read from inside the file before showing the lock.
    if (this.user) this.lastUserId = this.user.id;
    this.cabinet = null;
    this.justCreated = null;
    this.helpOpen = false;
    this.forgetPeople();
    this.resetPatients();
    this.locked = cabinet;
    this.phase = 'locked';
  }

  async lock(): Promise<void> {
    if (this.phase !== 'open' || this.busy) return;
    this.busy = 'lock';
    try {
      let locked = await api.lockCabinet();
      // The answer to the lock itself does not list who may unlock with a
      // PIN; the session state does.
      try {
        const state = await api.sessionState();
        if (state.state === 'locked' && state.cabinet.path === locked.path) locked = state.cabinet;
      } catch {
        // Then the passphrase alone unlocks; still locked, which matters.
      }
      this.toLocked(locked);
      this.banner = null;
    } catch (error) {
      const e = asCommandError(error);
      if (e.kind === 'noCabinetOpen') await this.resync();
      else this.banner = e.message;
    } finally {
      this.busy = null;
    }
  }

  /** Rejects with the CommandError (wrong passphrase…) for the lock screen. */
  async unlock(passphrase: string): Promise<void> {
    await this.enter(await api.unlockCabinet(passphrase));
  }

  /**
   * Quick unlock with a profile's PIN. Rejects with the CommandError for
   * the lock screen; after a wrong PIN the attempts left are read again.
   * Five wrong PINs close the cabinet: back to the launcher, with the
   * shell's message.
   */
  async unlockWithPin(userId: string, pin: string): Promise<void> {
    const path = this.locked?.path ?? null;
    try {
      await this.enter(await safetyApi.unlockWithPin(userId, pin));
    } catch (error) {
      const e = asCommandError(error);
      if (e.kind === 'tooManyPinAttempts') await this.closedAfterPins(e.message, path);
      else await this.resync();
      throw e;
    }
  }

  /**
   * After the passphrase, with several profiles: she says who she is with
   * her PIN. Rejects with the CommandError for the identify screen; five
   * wrong PINs close the cabinet (back to the launcher, with the message).
   */
  async identify(userId: string, pin: string): Promise<void> {
    const path = this.cabinet?.path ?? null;
    try {
      await this.enter(await safetyApi.identifyUser(userId, pin));
    } catch (error) {
      const e = asCommandError(error);
      if (e.kind === 'tooManyPinAttempts') await this.closedAfterPins(e.message, path);
      else if (e.kind === 'noCabinetOpen') await this.resync();
      throw e;
    }
  }

  /**
   * The shell closed the cabinet after five wrong PINs: the launcher, with
   * the message on top and the cabinet's passphrase form ready (its path
   * filled in, except for the demonstration cabinet).
   */
  private async closedAfterPins(message: string, path: string | null): Promise<void> {
    const name = this.locked?.name ?? this.cabinet?.name ?? null;
    this.apply({ state: 'none' });
    this.section = 'home';
    this.helpOpen = false;
    await this.refreshOverview();
    this.banner = message;
    const demo = path !== null && path === this.overview?.demoPath;
    this.launcher = path !== null && !demo ? { kind: 'open', path, name } : { kind: 'home' };
  }

  /** Closes the cabinet, once a form with unsaved changes lets go. */
  requestClose(): void {
    this.navigate(() => void this.close());
  }

  async close(): Promise<void> {
    if (this.busy) return;
    this.busy = 'close';
    try {
      await api.closeCabinet();
      this.apply({ state: 'none' });
      this.launcher = { kind: 'home' };
      this.section = 'home';
      this.resetPatients();
      this.helpOpen = false;
      this.banner = null;
      await this.refreshOverview();
    } catch (error) {
      const e = asCommandError(error);
      if (e.kind === 'noCabinetOpen') await this.resync();
      else this.banner = e.message;
    } finally {
      this.busy = null;
    }
  }
}

export type { Session };
export const session = new Session();
