import { describe, expect, it } from 'vitest';
import * as lib from '../index.ts';

describe('the library entry point', () => {
  it('imports every export, none undefined', () => {
    const names = Object.keys(lib);
    expect(names.length).toBeGreaterThan(15);
    for (const name of names) expect((lib as Record<string, unknown>)[name], name).toBeDefined();
  });

  it('lets a product track through the public API alone', async () => {
    const events = new lib.MemoryEventStore();
    const tracker = lib.initTracker('entry_test', { events, clock: lib.systemClock, ids: lib.uuidV7Ids }, { tenantId: 't1' });
    tracker.track('session.start', { customerId: 'c1' }, 's1', { channel: 'web' });
    await tracker.stop();
    expect(await events.count('t1')).toBe(1);
  });
});
