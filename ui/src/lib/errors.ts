// Where a CommandError is shown. The shell names the field in error with the
// request's own key (`name`, `path`, `passphrase`, `practitioners[1].name`…);
// the form shows the message next to that field, or at the top when the field
// is unknown or absent.
import { asCommandError, type CommandError } from './api';

export interface PlacedError {
  /** The shell's field name, verbatim (also the `error-<field>` test id). */
  field: string;
  message: string;
}

export interface FormErrors {
  /** Keyed by form location (see `locate`). */
  fields: Record<string, PlacedError>;
  /** For the top of the form. */
  form: string | null;
}

export const NO_ERRORS: FormErrors = { fields: {}, form: null };

/**
 * Normalises a field name to a form location: `practitioners[1].name`,
 * `practitioners.1.name` and `practitioners/1/name` all become
 * `practitioners.1.name`.
 */
export function normaliseField(field: string): string {
  return field
    .replace(/\[(\d+)\]/g, '.$1')
    .replace(/[/]/g, '.')
    .replace(/^\.+|\.+$/g, '');
}

/**
 * Places `error` in the form: next to the field the form knows about
 * (`known(location)` returns true), else at the top.
 */
export function placeError(
  error: unknown,
  known: (location: string) => boolean,
  overrideLocation?: (e: CommandError) => string | null,
): FormErrors {
  const e = asCommandError(error);
  const location = overrideLocation?.(e) ?? (e.field ? normaliseField(e.field) : null);
  if (location && known(location)) {
    return { fields: { [location]: { field: e.field ?? location, message: e.message } }, form: null };
  }
  return { fields: {}, form: e.message };
}

/**
 * The same errors without the one next to `location` (she is correcting
 * it); `errors` itself when there is none there.
 */
export function withoutFieldError(errors: FormErrors, location: string): FormErrors {
  if (!errors.fields[location]) return errors;
  const { [location]: _removed, ...rest } = errors.fields;
  return { ...errors, fields: rest };
}

/**
 * aria-describedby for the field `<prefix>-<location>`: its hint (if asked,
 * `<prefix>-<location>-hint`) and its error (`<prefix>-<location>-error`).
 */
export function describedBy(
  errors: FormErrors,
  prefix: string,
  location: string,
  hint = false,
): string | undefined {
  const ids = [
    hint ? `${prefix}-${location}-hint` : null,
    errors.fields[location] ? `${prefix}-${location}-error` : null,
  ].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

/** For the forms that keep one message a field: location → message, and the top. */
export interface FieldMessages {
  fields: Record<string, string>;
  form: string | null;
}

/**
 * `placeError` for the forms that keep only the messages: the shell's
 * message next to the field the form knows (`fields[location]`), else at
 * the top (`form`).
 */
export function placeMessage(
  error: unknown,
  known: (location: string) => boolean,
  overrideLocation?: (e: CommandError) => string | null,
): FieldMessages {
  const placed = placeError(error, known, overrideLocation);
  return {
    fields: Object.fromEntries(Object.entries(placed.fields).map(([location, p]) => [location, p.message])),
    form: placed.form,
  };
}

/** The same messages without the one at `location`; `messages` itself when there is none there. */
export function withoutMessage(messages: Record<string, string>, location: string): Record<string, string> {
  if (!(location in messages)) return messages;
  const { [location]: _removed, ...rest } = messages;
  return rest;
}
