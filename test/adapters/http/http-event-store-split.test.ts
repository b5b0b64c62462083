// HttpEventStore against a service whose body limit a batch exceeds (413): the batch is split until each part fits,
// every event arrives once, and an event too large alone is refused by itself (reason too_large), never retried.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpEventStore } from '../../../adapters/http/http-event-store.ts';
import { anEvent } from '../../support/builders.ts';
import { startHarness, type Harness } from '../../transport/harness.ts';

describe('HttpEventStore and a 413', () => {
  let h: Harness;
  let store: HttpEventStore;
  beforeAll(async () => {
    h = await startHarness({ bodyLimit: 8 * 1024 });
    store = new HttpEventStore({ url: h.url, apiKey: h.a.keys.ingest });
  });
  afterAll(async () => {
    store?.close();
    await h?.close();
  });

  it('splits a batch the server finds too large, and refuses alone an event too large by itself', async () => {
    const note = 'x'.repeat(300);
    const events = Array.from({ length: 60 }, (_, i) =>
      anEvent('message.user', { tenantId: 'tenant-a', sessionId: `split-${i}`, occurredAt: new Date(), data: { length: i, note } }),
    );
    const huge = anEvent('session.rated', {
      tenantId: 'tenant-a',
      sessionId: 'split-huge',
      occurredAt: new Date(),
      data: { score: 5, comment: 'y'.repeat(9000) },
    });
    const result = await store.append([...events.slice(0, 30), huge, ...events.slice(30)]);
    expect(result.rejected).toEqual([{ id: huge.id, reason: 'too_large', error: expect.stringMatching(/413/) }]);
    expect([...result.stored].sort()).toEqual(events.map((e) => e.id).sort());
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM analytics_events WHERE session_id LIKE 'split-%'`.execute(h.db);
    expect(rows[0]!.n).toBe(60);
  });
});
