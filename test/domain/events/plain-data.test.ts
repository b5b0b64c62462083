// The data fast path agrees with zod: whatever it accepts, the catalog schema accepts and parses to the same data.
import { describe, expect, it } from 'vitest';
import { eventCatalog, eventNames } from '../../../domain/events/catalog.ts';
import { compilePlainData, plainDataChecks } from '../../../domain/events/plain-data.ts';
import { z } from 'zod';

const values: unknown[] = [
  undefined,
  null,
  0,
  1,
  5,
  6,
  -1,
  1.5,
  2_000_000_000,
  2_000_000_001,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  2 ** 53,
  '',
  'x',
  'x'.repeat(128),
  'x'.repeat(129),
  'x'.repeat(257),
  'a\u0000b',
  true,
  false,
  {},
  [],
  { a: 1 },
  'resolved',
  'bogus',
  'online',
  'away',
];

describe('plainDataChecks', () => {
  it('accepts only what zod accepts, parsed to equal data (random data for every event)', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    let fast = 0;
    for (const name of eventNames) {
      const check = plainDataChecks[name];
      const keys = [...Object.keys((eventCatalog[name].data as z.ZodObject).shape), 'extra', 'x\u0000'];
      for (let n = 0; n < 3000; n++) {
        const data: Record<string, unknown> = {};
        for (const key of keys) if (random() < 0.6) data[key] = values[Math.floor(random() * values.length)];
        if (check?.(data) !== true) continue;
        fast++;
        const zod = eventCatalog[name].data.safeParse(data);
        expect(zod.success, `${name} ${JSON.stringify(data)}`).toBe(true);
        expect({ ...data }).toEqual(zod.data);
      }
    }
    expect(fast).toBeGreaterThan(1000);
  });

  it('has a fast path for each event but llm.usage (its model-or-botId rule is zod’s alone)', () => {
    expect(eventNames.filter((n) => plainDataChecks[n] === null)).toEqual(['llm.usage']);
  });

  it('leaves to zod any schema with a rule it does not read', () => {
    expect(compilePlainData(z.looseObject({ a: z.string().regex(/x/) }))).toBeNull();
    expect(compilePlainData(z.object({ a: z.string() }))).toBeNull(); // strips unknown keys
    expect(compilePlainData(z.looseObject({ a: z.number().multipleOf(2) }))).toBeNull();
    expect(compilePlainData(z.looseObject({ a: z.string().default('x') }))).toBeNull();
  });
});
