import { describe, expect, it } from 'vitest';
import { FormErrorState } from './formErrors.svelte';

describe('FormErrorState', () => {
  it('places the shell’s error next to a known field, with the ids the field refers to', () => {
    const errors = new FormErrorState('pf');
    errors.place({ kind: 'invalidInput', message: 'Date ?', field: 'birthDate' }, (l) => l === 'birthDate');
    expect(errors.at('birthDate')).toEqual({ field: 'birthDate', message: 'Date ?' });
    expect(errors.invalid('birthDate')).toBe('true');
    expect(errors.describedBy('birthDate', true)).toBe('pf-birthDate-hint pf-birthDate-error');
    expect(errors.first).toBe('birthDate');
    expect(errors.form).toBeNull();
    errors.clear('birthDate');
    expect(errors.invalid('birthDate')).toBeUndefined();
    expect(errors.describedBy('birthDate')).toBeUndefined();
  });

  it('puts an unknown field at the top, and forgets everything on reset', () => {
    const errors = new FormErrorState('cf');
    errors.place({ kind: 'io', message: 'Disque ?', field: 'other' }, () => false);
    expect(errors.form).toBe('Disque ?');
    expect(errors.first).toBeUndefined();
    errors.set('name', 'Nom ?');
    expect(errors.at('name')?.message).toBe('Nom ?');
    errors.reset();
    expect(errors.at('name')).toBeNull();
  });
});
