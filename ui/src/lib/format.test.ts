import { describe, expect, it } from 'vitest';
import {
  formatDate,
  formatDateTime,
  formatEuros,
  formatPhone,
  formatTime,
  isoWeekday,
  joinPath,
  parseFrenchDate,
  slugify,
  startOfWeek,
  todayIso,
  weekdayNames,
} from './format';

describe('formatDate', () => {
  it('shows a plain date as dd/mm/yyyy without time-zone shifts', () => {
    expect(formatDate('1987-03-09')).toBe('09/03/1987');
    expect(formatDate('2000-12-31', 'Pacific/Noumea')).toBe('31/12/2000');
  });

  it('shows an instant as the date in the cabinet time zone', () => {
    // 23:30 UTC on 31 Dec is already 1 Jan in Paris (UTC+1 in winter)...
    expect(formatDate('2024-12-31T23:30:00Z', 'Europe/Paris')).toBe('01/01/2025');
    // ...but still 31 Dec in Martinique (UTC-4).
    expect(formatDate('2024-12-31T23:30:00Z', 'America/Martinique')).toBe('31/12/2024');
  });

  it('returns text that is not a date unchanged', () => {
    expect(formatDate('inconnue')).toBe('inconnue');
  });
});

describe('times', () => {
  const instant = new Date('2024-07-14T16:05:00Z');

  it('uses a 24-hour clock in the cabinet time zone', () => {
    expect(formatTime(instant, 'Europe/Paris')).toBe('18:05');
    expect(formatTime(new Date('2024-01-15T00:07:00Z'), 'Europe/Paris')).toBe('01:07');
    expect(formatTime(new Date('2024-01-14T23:30:00Z'), 'Europe/Paris')).toBe('00:30');
    expect(formatTime(instant, 'Indian/Reunion')).toBe('20:05');
  });

  it('combines date and time', () => {
    expect(formatDateTime(instant, 'Europe/Paris')).toBe('14/07/2024 18:05');
  });

  it('gives today in the cabinet zone, not the machine one', () => {
    const now = new Date('2024-03-01T02:00:00Z');
    expect(todayIso('Europe/Paris', now)).toBe('2024-03-01');
    expect(todayIso('America/Martinique', now)).toBe('2024-02-29');
  });
});

describe('weeks start on Monday', () => {
  it('numbers weekdays from Monday = 1 to Sunday = 7', () => {
    expect(isoWeekday('2024-01-01')).toBe(1);
    expect(isoWeekday('2024-01-07')).toBe(7);
    expect(isoWeekday('2024-02-29')).toBe(4);
  });

  it('finds the Monday of the week, across months and years', () => {
    expect(startOfWeek('2024-01-07')).toBe('2024-01-01');
    expect(startOfWeek('2024-01-01')).toBe('2024-01-01');
    expect(startOfWeek('2025-01-01')).toBe('2024-12-30');
  });

  it('lists day names Monday first', () => {
    const names = weekdayNames();
    expect(names).toHaveLength(7);
    expect(names[0]).toBe('lundi');
    expect(names[6]).toBe('dimanche');
  });
});

describe('parseFrenchDate', () => {
  it('reads dd/mm/yyyy', () => {
    expect(parseFrenchDate('09/03/1987')).toBe('1987-03-09');
    expect(parseFrenchDate(' 9/3/1987 ')).toBe('1987-03-09');
    expect(parseFrenchDate('29.02.2024')).toBe('2024-02-29');
  });

  it('refuses dates that do not exist', () => {
    expect(parseFrenchDate('29/02/2023')).toBeNull();
    expect(parseFrenchDate('31/04/2024')).toBeNull();
    expect(parseFrenchDate('03/09')).toBeNull();
  });
});

describe('money and phones', () => {
  it('writes euros the French way', () => {
    expect(formatEuros(1250)).toBe('12,50\u00a0€');
    expect(formatEuros(5)).toBe('0,05\u00a0€');
    expect(formatEuros(123456789)).toBe('1\u202f234\u202f567,89\u00a0€');
    expect(formatEuros(-2500)).toBe('−25,00\u00a0€');
  });

  it('writes phone numbers in pairs', () => {
    expect(formatPhone('0612345678')).toBe('06 12 34 56 78');
    expect(formatPhone('06.12.34.56.78')).toBe('06 12 34 56 78');
    expect(formatPhone('+33 6 12 34 56 78')).toBe('06 12 34 56 78');
    expect(formatPhone('+1 555 0100')).toBe('+1 555 0100');
  });
});

describe('file names', () => {
  it('slugs a cabinet name', () => {
    expect(slugify('Cabinet du Dr Lefèvre')).toBe('cabinet-du-dr-lefevre');
    expect(slugify('  Cœur & Santé — Île-de-France ')).toBe('coeur-sante-ile-de-france');
    expect(slugify('')).toBe('cabinet');
    expect(slugify('***')).toBe('cabinet');
  });

  it('joins paths with the folder separator', () => {
    expect(joinPath('/home/a/Carnet', 'x.carnet')).toBe('/home/a/Carnet/x.carnet');
    expect(joinPath('/home/a/Carnet/', 'x.carnet')).toBe('/home/a/Carnet/x.carnet');
    expect(joinPath('C:\\Users\\a\\Carnet', 'x.carnet')).toBe('C:\\Users\\a\\Carnet\\x.carnet');
  });
});
