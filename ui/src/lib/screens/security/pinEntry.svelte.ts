// The PIN step of the lock and identify screens: a profile chosen, a PIN
// typed, sent to the shell. What the screen can judge (no profile, a PIN of
// the wrong form) never spends one of the five attempts. A refusal clears
// the PIN and puts the focus back where she must act; five wrong PINs (or a
// cabinet closed meanwhile) leave the screen to the session.
import { tick } from 'svelte';
import { asCommandError, type CommandError } from '../../api';
import { t, type MessageKey } from '../../i18n';
import { pinProblem } from './pin';

/** Where a refusal is said: next to the profiles or under the PIN. */
export type PinRefusal = { profile: string } | { pin: string };

export class PinEntry {
  pin = $state('');
  /** The PIN field's input (bound), for the focus. */
  input = $state<HTMLInputElement>();
  pinError = $state<string | null>(null);
  profileError = $state<string | null>(null);
  busy = $state(false);

  /**
   * @param profilePrefix the profile picker's `idPrefix` (its first option takes the focus)
   * @param chooseProfile the message when no profile is chosen
   */
  constructor(
    private readonly profilePrefix: string,
    private readonly chooseProfile: MessageKey,
  ) {}

  /** A profile was chosen: on to the PIN. */
  async toPin() {
    this.profileError = null;
    await tick();
    this.input?.focus();
  }

  /** Forgets the PIN and what was said about it. */
  clear() {
    this.pin = '';
    this.pinError = null;
    this.profileError = null;
  }

  /**
   * Sends the PIN of `userId` with `send`; on a refusal, `refusal` says
   * where and what. A success changes the session's state (the screen goes).
   */
  async submit(
    userId: string | null,
    send: (userId: string, pin: string) => Promise<unknown>,
    refusal: (error: CommandError) => PinRefusal,
  ) {
    if (this.busy) return;
    if (userId === null) {
      this.profileError = t(this.chooseProfile);
      document.getElementById(`${this.profilePrefix}-0`)?.focus();
      return;
    }
    const problem = pinProblem(this.pin);
    if (problem) {
      this.pinError = t(problem);
      this.input?.focus();
      return;
    }
    this.busy = true;
    this.pinError = null;
    this.profileError = null;
    try {
      await send(userId, this.pin);
    } catch (e) {
      const err = asCommandError(e);
      // Five wrong PINs close the cabinet: the launcher says so.
      if (err.kind === 'tooManyPinAttempts' || err.kind === 'noCabinetOpen') return;
      const said = refusal(err);
      if ('profile' in said) this.profileError = said.profile;
      else this.pinError = said.pin;
      this.pin = '';
      this.busy = false;
      await tick();
      if (this.profileError) document.getElementById(`${this.profilePrefix}-0`)?.focus();
      else this.input?.focus();
    }
  }
}
