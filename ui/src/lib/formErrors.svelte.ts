// A form's errors as one reactive object, for forms split into parts: each
// part reads and clears the errors next to its own fields, the form places
// the shell's answer. The ids follow `errors.ts`: the field `<prefix>-<location>`,
// its hint `…-hint`, its error `…-error`.
import {
  describedBy,
  NO_ERRORS,
  placeError,
  withoutFieldError,
  type FormErrors,
  type PlacedError,
} from './errors';
import type { CommandError } from './api';

export class FormErrorState {
  current = $state<FormErrors>(NO_ERRORS);

  constructor(readonly prefix: string) {}

  /** The message for the top of the form. */
  get form(): string | null {
    return this.current.form;
  }

  /** The first location with an error (the one to focus). */
  get first(): string | undefined {
    return Object.keys(this.current.fields)[0];
  }

  at(location: string): PlacedError | null {
    return this.current.fields[location] ?? null;
  }

  /** aria-invalid for the field at `location`. */
  invalid(location: string): 'true' | undefined {
    return this.at(location) ? 'true' : undefined;
  }

  /** aria-describedby for the field at `location`: its hint (if asked) and its error. */
  describedBy(location: string, hint = false): string | undefined {
    return describedBy(this.current, this.prefix, location, hint);
  }

  /** She is correcting the field: its error goes. */
  clear(location: string): void {
    this.current = withoutFieldError(this.current, location);
  }

  /** One error, next to `location` (found by the form itself, not the shell). */
  set(location: string, message: string): void {
    this.current = { fields: { [location]: { field: location, message } }, form: null };
  }

  /** The shell's error, next to its field when `known`, else at the top. */
  place(
    error: unknown,
    known: (location: string) => boolean,
    overrideLocation?: (e: CommandError) => string | null,
  ): void {
    this.current = placeError(error, known, overrideLocation);
  }

  reset(): void {
    this.current = NO_ERRORS;
  }
}
