// A deliberately tiny i18n layer: one flat message table per language, and
// `t(key, params)` to read it. The locale is chosen once, before the UI is
// mounted (`setLocale`); French is the reference and the fallback.
import { fr, type MessageKey, type Messages } from './fr';

export type { MessageKey, Messages };
export type Params = Record<string, string | number>;

const catalogues: Record<string, Messages> = { fr };
let current: Messages = fr;
let currentLocale = 'fr';

/** Registers another language (same keys as `fr`). */
export function registerLocale(locale: string, messages: Messages): void {
  catalogues[locale] = messages;
}

/** Switches language; unknown locales keep French. Call before mounting. */
export function setLocale(locale: string): void {
  const messages = catalogues[locale];
  if (messages) {
    current = messages;
    currentLocale = locale;
  }
}

export function locale(): string {
  return currentLocale;
}

/** Replaces `{name}` placeholders; a missing parameter stays visible as `{name}`. */
export function interpolate(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/** The text for `key` in the current language. */
export function t(key: MessageKey, params?: Params): string {
  return interpolate(current[key] ?? fr[key], params);
}

/** Base keys that have `.one` / `.other` plural forms. */
type PluralBase<K> = K extends `${infer Base}.one`
  ? `${Base}.other` extends MessageKey
    ? Base
    : never
  : never;
export type PluralKey = PluralBase<MessageKey>;

const pluralRules = new Map<string, Intl.PluralRules>();

/** Plural-aware `t`: picks `${base}.one` or `${base}.other` for `count`. */
export function tp(base: PluralKey, count: number, params?: Params): string {
  let rules = pluralRules.get(currentLocale);
  if (!rules) {
    rules = new Intl.PluralRules(currentLocale);
    pluralRules.set(currentLocale, rules);
  }
  const form = rules.select(count) === 'one' ? 'one' : 'other';
  return t(`${base}.${form}` as MessageKey, { count, ...params });
}
