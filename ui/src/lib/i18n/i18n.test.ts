import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fr } from './fr';
import { interpolate, registerLocale, setLocale, t, tp, type Messages } from './index';

describe('t', () => {
  it('reads French messages', () => {
    expect(t('launcher.create')).toBe('Créer un cabinet');
  });

  it('fills parameters and leaves missing ones visible', () => {
    expect(t('title.open', { name: 'Cabinet Martin' })).toBe('Carnet — Cabinet Martin');
    expect(interpolate('{a} et {b}', { a: 1 })).toBe('1 et {b}');
  });

  it('uses French plural rules: 0 and 1 are singular', () => {
    expect(tp('home.patientCount', 0)).toBe('0 patient');
    expect(tp('home.patientCount', 1)).toBe('1 patient');
    expect(tp('home.patientCount', 2)).toBe('2 patients');
  });

  it('switches language and falls back to French for unknown locales', () => {
    const en = { ...fr, 'launcher.create': 'Create a practice' } as Messages;
    registerLocale('en', en);
    setLocale('en');
    expect(t('launcher.create')).toBe('Create a practice');
    setLocale('xx');
    expect(t('launcher.create')).toBe('Create a practice');
    setLocale('fr');
    expect(t('launcher.create')).toBe('Créer un cabinet');
  });
});

/** Every .svelte file under src/. */
function svelteFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return svelteFiles(path);
    return name.endsWith('.svelte') ? [path] : [];
  });
}

/**
 * Markup with scripts, styles, comments and {expressions} removed: what is
 * left is text written straight into the page.
 */
function literalText(source: string): string {
  let s = source
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<!--[\s\S]*?-->/g, '');
  // Remove {…} blocks, innermost first, so nested braces go too.
  let previous = '';
  while (previous !== s) {
    previous = s;
    s = s.replace(/\{[^{}]*\}/g, ' ');
  }
  return s;
}

/** Hard-coded text a person would read in a component's markup. */
function hardCodedText(source: string): string[] {
  const markup = literalText(source);
  const text = markup
    .replace(/<[^>]*>/g, '\n')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /\p{L}/u.test(line));
  const attributes = [
    ...markup.matchAll(/\b(placeholder|title|alt|aria-label|label)="([^"]*\p{L}[^"]*)"/gu),
  ].map((m) => m[0]);
  return [...text, ...attributes];
}

describe('no user-facing text outside the message tables', () => {
  const root = join(__dirname, '..', '..');
  const files = svelteFiles(root);

  it('catches hard-coded text (the check itself works)', () => {
    expect(hardCodedText('<p>Bonjour {name}</p>')).toEqual(['Bonjour']);
    expect(hardCodedText('<input placeholder="Nom" />')).toEqual(['placeholder="Nom"']);
    expect(hardCodedText('<p>{t("a.b")}</p><kbd>+</kbd>')).toEqual([]);
    expect(hardCodedText('<script>const x = "Bonjour";</script><p>{x}</p>')).toEqual([]);
  });

  it('finds the components', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it.each(files.map((f) => [f.slice(root.length + 1), f]))('%s', (_name, file) => {
    expect(hardCodedText(readFileSync(file, 'utf8'))).toEqual([]);
  });
});
