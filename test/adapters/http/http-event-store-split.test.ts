// HttpEventStore on the embedded service: a batch past the body limit (413) is split until each part fits, every event
// arrives once, and an event too large alone is refused by itself (reason too_large); an answer with duplicates gives
// the count of new events, not ids it cannot know.
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

  it('gives the count of new events when some of the batch were duplicates', async () => {
    const first = Array.from({ length: 3 }, (_, i) =>
      anEvent('message.user', { tenantId: 'tenant-a', sessionId: `dup-${i}`, occurredAt: new Date() }),
    );
    expect((await store.append(first)).stored).toHaveLength(3);
    const fresh = Array.from({ length: 2 }, (_, i) =>
      anEvent('message.user', { tenantId: 'tenant-a', sessionId: `dup-new-${i}`, occurredAt: new Date() }),
    );
    expect(await store.append([...first, ...fresh])).toEqual({ stored: [], storedCount: 2, rejected: [] });
  });
});
