import { describe, expect, it } from 'vitest';
import { findInputProblem, TooDeep } from '../../domain/input-limits.ts';

const nest = (levels: number, leaf: unknown = 1) => {
  let v = leaf;
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
};

describe('findInputProblem', () => {
  it('counts the input itself as level 1 and names where a container goes too deep', () => {
    expect(findInputProblem(nest(3), { maxDepth: 3 })).toBeNull();
    expect(findInputProblem(nest(4), { maxDepth: 3 })).toEqual({ path: ['a', 'a', 'a'], problem: 'depth' });
    expect(findInputProblem([[[]]], { maxDepth: 2 })).toEqual({ path: [0, 0], problem: 'depth' });
  });

  it('walks 100,000 levels without recursing', () => {
    expect(findInputProblem(nest(100_000))).toBeNull();
    expect(findInputProblem(nest(100_000), { maxDepth: 64 })?.problem).toBe('depth');
  });

  it('finds U+0000 in a string or a key, with its path', () => {
    expect(findInputProblem({ issues: [{ code: 'x' }, { note: 'a\u0000' }] })).toEqual({ path: ['issues', 1, 'note'], problem: 'nul' });
    expect(findInputProblem({ ok: 1, 'k\u0000': 2 })).toEqual({ path: ['k\u0000'], problem: 'nul' });
  });

  it('refuses a TooDeep marker as too deep, wherever it is', () => {
    expect(findInputProblem({ a: [new TooDeep()] })).toEqual({ path: ['a', 0], problem: 'depth' });
  });

  it('leaves alone what it is told to skip', () => {
    const input = { events: [{ name: 'x\u0000' }, nest(100)], note: 'fine' };
    const skip = (path: readonly (string | number)[]) => path.length === 2 && path[0] === 'events';
    expect(findInputProblem(input, { maxDepth: 8, skip })).toBeNull();
    expect(findInputProblem({ ...input, note: 'n\u0000' }, { maxDepth: 8, skip })).toEqual({ path: ['note'], problem: 'nul' });
  });
});
