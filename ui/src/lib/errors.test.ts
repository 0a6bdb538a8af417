import { describe, expect, it } from 'vitest';
import { normaliseField, placeError, placeMessage, withoutMessage } from './errors';

describe('placeError', () => {
  const known = (l: string) => ['name', 'path', 'practitioners.1.name'].includes(l);

  it('puts a field error next to its field, keeping the shell name', () => {
    const placed = placeError({ kind: 'invalidInput', message: 'Nom ?', field: 'name' }, known);
    expect(placed).toEqual({ fields: { name: { field: 'name', message: 'Nom ?' } }, form: null });
  });

  it('understands indexed fields', () => {
    expect(normaliseField('practitioners[1].name')).toBe('practitioners.1.name');
    const placed = placeError(
      { kind: 'invalidInput', message: 'Nom du praticien ?', field: 'practitioners[1].name' },
      known,
    );
    expect(placed.fields['practitioners.1.name']?.field).toBe('practitioners[1].name');
  });

  it('falls back to the top of the form', () => {
    expect(placeError({ kind: 'io', message: 'Disque ?', field: null }, known).form).toBe('Disque ?');
    expect(placeError({ kind: 'io', message: 'X', field: 'unknown' }, known).form).toBe('X');
  });

  it('turns anything thrown into a French message', () => {
    const placed = placeError(new Error('boom'), known);
    expect(placed.form).toMatch(/^Erreur inattendue/);
  });

  it('lets the form choose the place by error kind', () => {
    const placed = placeError({ kind: 'wrongPassphrase', message: 'Non.', field: null }, () => true, (e) =>
      e.kind === 'wrongPassphrase' ? 'passphrase' : null,
    );
    expect(placed.fields['passphrase']).toEqual({ field: 'passphrase', message: 'Non.' });
  });
});

describe('placeMessage', () => {
  const known = (l: string) => l === 'callerPhone' || l === 'patientId';

  it('keeps only the message, next to the field or at the top', () => {
    expect(placeMessage({ kind: 'invalidInput', message: 'Numéro ?', field: 'callerPhone' }, known)).toEqual({
      fields: { callerPhone: 'Numéro ?' },
      form: null,
    });
    expect(placeMessage({ kind: 'io', message: 'Disque ?', field: 'other' }, known)).toEqual({
      fields: {},
      form: 'Disque ?',
    });
  });

  it('lets the form say where a field of the shell goes', () => {
    const placed = placeMessage({ kind: 'invalidInput', message: 'Qui ?', field: 'callerName' }, known, (e) =>
      e.field === 'callerName' ? 'patientId' : null,
    );
    expect(placed.fields).toEqual({ patientId: 'Qui ?' });
  });

  it('removes one message, and keeps the same object when there is none', () => {
    const messages = { a: 'A', b: 'B' };
    expect(withoutMessage(messages, 'a')).toEqual({ b: 'B' });
    expect(withoutMessage(messages, 'c')).toBe(messages);
  });
});
