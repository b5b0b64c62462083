import { describe, expect, it } from 'vitest';
import { findNulChar } from '../../../domain/events/nul-free.ts';

describe('findNulChar', () => {
  it('names the first string or key holding U+0000, arrays by index', () => {
    expect(findNulChar({ a: 'ok', b: [{ c: 'x' }, { d: 'n\u0000' }] })).toBe('b[1].d');
    expect(findNulChar({ 'k\u0000': 1 })).toBe('k\u0000');
    expect(findNulChar('a\u0000')).toBe('value');
    expect(findNulChar({ note: 'fine', at: new Date(0) })).toBeNull();
  });

  it('prefixes the path it is given', () => {
    expect(findNulChar({ note: 'a\u0000' }, 'data')).toBe('data.note');
  });

  it('walks 100,000 levels without overflowing the stack', () => {
    let v: unknown = 'deep\u0000';
    for (let i = 0; i < 100_000; i++) v = [v];
    expect(findNulChar(v)).toBe(`${'[0]'.repeat(100_000)}`);
  });
});
