// The list behind a text field that suggests as she types (birth place,
// correspondant picker): the debounced query whose stale answers never land,
// the open list with its highlighted option, ↑/↓ to move, Enter to pick (never
// submits), Escape to close, a click (mousedown) on an option to pick it, and
// the ARIA combobox wiring (aria-activedescendant…). What the field keeps and
// what an option shows stay with each component.
import { onDestroy, tick } from 'svelte';
import { debouncedLatest, type DebouncedLatest } from './latest';

export interface AutocompleteConfig<T> {
  /** The input's id; the list is `<id>-options`, the options `<id>-option-<i>`. */
  id: () => string;
  /** Asks for the options matching a query. */
  fetch: (query: string) => Promise<T[]>;
  /** Picks an option (Enter or a click on it). */
  choose: (option: T) => void | Promise<void>;
  /** ↓ while the list is closed; by default it reopens the last options. */
  reopen?: () => void;
  /** Called when a lookup fails (the list then shows no option). */
  onerror?: (error: unknown) => void;
}

export class Autocomplete<T> {
  options = $state<T[]>([]);
  /** The query the options answer, or null when none was answered. */
  answered = $state<string | null>(null);
  open = $state(false);
  active = $state(-1);
  input: HTMLInputElement | undefined = $state();

  readonly #config: AutocompleteConfig<T>;
  readonly #lookup: DebouncedLatest<[string]>;

  /** To be created while the component initialises (cancels on destroy). */
  constructor(config: AutocompleteConfig<T>) {
    this.#config = config;
    this.#lookup = debouncedLatest((q: string) => config.fetch(q), 80, {
      result: (value, q) => {
        this.options = value;
        this.answered = q;
        this.active = value.length > 0 ? 0 : -1;
      },
      error: (e, q) => {
        this.options = [];
        this.answered = q;
        this.active = -1;
        config.onerror?.(e);
      },
    });
    onDestroy(() => this.#lookup.cancel());
  }

  get listId(): string {
    return `${this.#config.id()}-options`;
  }

  optionId(i: number): string {
    return `${this.#config.id()}-option-${i}`;
  }

  /** The combobox attributes of the input. */
  get comboboxAttrs() {
    return {
      role: 'combobox',
      autocomplete: 'off',
      spellcheck: 'false',
      'aria-autocomplete': 'list',
      'aria-expanded': this.open && this.options.length > 0,
      'aria-controls': this.listId,
      'aria-activedescendant': this.open && this.active >= 0 ? this.optionId(this.active) : undefined,
    } as const;
  }

  /** The attributes and handlers of the i-th option. */
  optionAttrs(option: T, i: number) {
    return {
      role: 'option',
      id: this.optionId(i),
      tabindex: -1,
      'aria-selected': i === this.active,
      onmousedown: (e: MouseEvent) => {
        e.preventDefault();
        void this.#config.choose(option);
      },
      onkeydown: () => undefined,
      onmousemove: () => (this.active = i),
    } as const;
  }

  /** Opens the list and looks the query up (after a pause). */
  ask(query: string) {
    this.open = true;
    this.#lookup.call(query);
  }

  /** Forgets the query and its answer, and closes the list. */
  reset() {
    this.#lookup.cancel();
    this.options = [];
    this.answered = null;
    this.open = false;
  }

  /** Closes the list once an option is picked. */
  settle() {
    this.open = false;
    this.options = [];
    this.active = -1;
  }

  /** Gives the focus back to the input once the DOM is up to date. */
  async refocus() {
    await tick();
    this.input?.focus();
  }

  onkeydown = (event: KeyboardEvent) => {
    if (event.ctrlKey || event.altKey || event.metaKey) return;
    const count = this.options.length;
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      if (!this.open) {
        if (this.#config.reopen) this.#config.reopen();
        else if (count > 0) this.open = true;
      } else if (count > 0) this.active = Math.min(count - 1, this.active + 1);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      if (count > 0) this.active = Math.max(0, this.active - 1);
    } else if (event.key === 'Enter') {
      // Never submits: picks the highlighted option when the list is open.
      event.preventDefault();
      const option = this.options[this.active];
      if (this.open && option !== undefined) void this.#config.choose(option);
    } else if (event.key === 'Escape' && this.open) {
      event.preventDefault();
      event.stopPropagation();
      this.open = false;
    }
  };

  onblur = () => {
    // Let a click on an option land first.
    setTimeout(() => {
      if (document.activeElement !== this.input) this.open = false;
    }, 150);
  };
}
