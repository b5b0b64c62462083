// uuidV7Ids: RFC 9562 version 7 ids, time-ordered by millisecond, unique.
import { validate, version } from 'uuid';
import { describe, expect, it } from 'vitest';
import { uuidV7Ids } from '../../../adapters/system/system-clock.ts';

describe('uuidV7Ids', () => {
  it('makes valid, unique version-7 ids of the RFC 9562 variant carrying the current millisecond', () => {
    const before = Date.now();
    const ids = Array.from({ length: 5000 }, () => uuidV7Ids.next());
    const after = Date.now();
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(validate(id) && version(id)).toBe(7);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const ms = Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
      expect(ms).toBeGreaterThanOrEqual(before);
      expect(ms).toBeLessThanOrEqual(after);
    }
  });
});
