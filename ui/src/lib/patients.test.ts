import { describe, expect, it } from 'vitest';
import {
  ageLabel,
  emptyDraft,
  identityComplete,
  normaliseDraft,
  prefillFromQuery,
  sameDraft,
  storedValue,
  tidyDate,
} from './patients';

describe('patient helpers', () => {
  it('tidies a draft before sending it', () => {
    const draft = {
      ...emptyDraft(),
      birthName: '  Le  Goff ',
      usedName: '   ',
      phones: [
        { kind: 'mobile' as const, number: ' 06 12 34 56 78 ' },
        { kind: 'domicile' as const, number: '' },
      ],
      alerts: [' malentendante ', ''],
      aldEndDate: '01/01/2030',
    };
    const sent = normaliseDraft(draft);
    expect(sent.birthName).toBe('Le Goff');
    expect(sent.usedName).toBeNull();
    expect(sent.phones).toEqual([{ kind: 'mobile', number: '06 12 34 56 78' }]);
    expect(sent.alerts).toEqual(['malentendante']);
    expect(sent.aldEndDate).toBeNull(); // no ALD, no end date
  });

  it('sees no change in spaces or an empty phone line', () => {
    const a = emptyDraft();
    expect(sameDraft(a, { ...a, phones: [], birthName: ' ' })).toBe(true);
    expect(sameDraft(a, { ...a, birthName: 'Martin' })).toBe(false);
  });

  it('checks duplicates only with a name, a first name and a real date', () => {
    const d = { ...emptyDraft(), birthName: 'Martin', birthFirstNames: 'Paul', birthDate: '31/02/1962' };
    expect(identityComplete(d)).toBe(false);
    expect(identityComplete({ ...d, birthDate: '28/02/1962' })).toBe(true);
  });

  it('prefills a new patient from the search text', () => {
    expect(prefillFromQuery('lefèvre 03/03/1962')).toEqual({ birthName: 'Lefèvre', birthDate: '03/03/1962' });
    expect(prefillFromQuery('le goff', false)).toBeNull();
    expect(prefillFromQuery('0612')).toBeNull();
  });

  it('writes stored values the French way', () => {
    expect(storedValue('birth_date', '1962-03-03')).toBe('03/03/1962');
    expect(storedValue('sex', 'F')).toBe('Femme');
    expect(storedValue('identity_status', 'validee')).toBe('Validée');
    expect(storedValue('ald', '1')).toBe('oui');
    expect(storedValue('used_name', null)).toBe('(vide)');
    expect(storedValue('nir', '262037511100564')).toBe('2 62 03 75 111 005 64');
    expect(storedValue('nir', '2620320A00512')).toBe('2620320A00512');
    expect(storedValue('phones', 'mobile 0612345678, domicile 0145678901')).toBe(
      'Mobile 06 12 34 56 78, Domicile 01 45 67 89 01',
    );
  });

  it('reads ages and typed dates', () => {
    expect(ageLabel(0)).toBe('moins d’un an');
    expect(ageLabel(1)).toBe('1 an');
    expect(ageLabel(64)).toBe('64 ans');
    expect(tidyDate('03031962')).toBe('03/03/1962');
    expect(tidyDate('3/3/62')).toBe('3/3/62');
  });
});
