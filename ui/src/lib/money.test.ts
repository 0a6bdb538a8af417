import { describe, expect, it } from 'vitest';
import { euros, typedEuros } from './money';

// The page shows amounts the way the core writes them (`format_cents`), so
// a receipt, the CLI and the screen never disagree by a space or a sign.
describe('euros', () => {
  it('writes cents the French way', () => {
    expect(euros(3000)).toBe('30,00\u00a0€');
    expect(euros(5)).toBe('0,05\u00a0€');
    expect(euros(123456)).toBe('1\u202f234,56\u00a0€');
    expect(euros(-1906)).toBe('−19,06\u00a0€');
    expect(euros(0)).toBe('0,00\u00a0€');
  });

  it('fills an amount field with what the core reads back', () => {
    expect(typedEuros(2550)).toBe('25,50');
    expect(typedEuros(7)).toBe('0,07');
  });
});
