// A passphrase being chosen (creation, change), rated live by the shell:
// 80 ms after the last keystroke, against the words an attacker would try
// first (the cabinet's and practitioners' names). Only the last answer
// counts, and a rating is « current » only for the passphrase and words it
// was asked for.
import { onDestroy } from 'svelte';
import { api, asCommandError, type PassphraseRating } from './api';
import { debouncedLatest } from './latest';

const keyOf = (passphrase: string, context: readonly string[]) => `${passphrase}\u0000${context.join('\u0001')}`;

export class PassphraseRater {
  rating = $state<PassphraseRating | null>(null);
  /** Why the shell could not rate (cleared by the next rating). */
  error = $state<string | null>(null);
  #ratedKey = $state<string | null>(null);
  readonly #passphrase: () => string;
  readonly #context: () => string[];

  /**
   * Create it while the component initialises: it rates until the component
   * goes. With `forgetOnError`, a failed rating also empties the meter
   * (the change form); without, the last rating stays, pending (creation).
   */
  constructor(passphrase: () => string, context: () => string[], { forgetOnError = false } = {}) {
    this.#passphrase = passphrase;
    this.#context = context;
    const rater = debouncedLatest((p: string, ctx: string[]) => api.ratePassphrase(p, ctx), 80, {
      result: (value, p, ctx) => {
        this.rating = value;
        this.#ratedKey = keyOf(p, ctx);
        this.error = null;
      },
      error: (e) => {
        if (forgetOnError) this.rating = null;
        this.error = asCommandError(e).message;
      },
    });
    $effect(() => {
      const p = passphrase();
      const ctx = context();
      if (p === '') {
        rater.cancel();
        this.rating = null;
        this.#ratedKey = null;
        return;
      }
      rater.call(p, [...ctx]);
    });
    onDestroy(() => rater.cancel());
  }

  /** The rating answers the passphrase and words as they are now. */
  get current(): boolean {
    return this.rating !== null && this.#ratedKey === keyOf(this.#passphrase(), this.#context());
  }

  /** Rated, for what is typed now, as strong enough. */
  get acceptable(): boolean {
    return this.current && this.rating?.acceptable === true;
  }
}
