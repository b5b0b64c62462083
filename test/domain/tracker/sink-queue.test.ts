// SinkQueue: a drain with nothing pending, or a sink that throws at once, must not stop its lane for good; events are
// applied in chunks (a full one at once, a partial one after coalesceMs or on drain).
import { describe, expect, it } from 'vitest';
import { SinkQueue } from '../../../domain/tracker/sink-queue.ts';
import { anEvent } from '../../support/builders.ts';

describe('SinkQueue', () => {
  it('still applies events pushed after a drain that found nothing to do', async () => {
    const applied: string[] = [];
    const queue = new SinkQueue([{ apply: async (events) => void applied.push(...events.map((e) => e.id)) }], {
      maxPending: 100,
      chunkSize: 10,
      onFailure: () => {},
    });
    await queue.drain();
    queue.push([anEvent('session.start')]);
    await queue.drain();
    expect(applied).toHaveLength(1);
    expect(queue.stats()).toMatchObject({ applied: 1, pending: 0 });
  });

  it("keeps every event of a lossless sink past the bound, drops the others' and says when there is no room", async () => {
    const kept: string[] = [];
    const lossy: string[] = [];
    const queue = new SinkQueue(
      [
        { name: 'lossy', apply: async (events) => void lossy.push(...events.map((e) => e.id)) },
        { name: 'usage', lossless: true, apply: async (events) => void kept.push(...events.map((e) => e.id)) },
      ],
      { maxPending: 2, chunkSize: 10, onFailure: () => {} },
    );
    expect(queue.hasRoom(2)).toBe(true);
    queue.push([anEvent('session.start'), anEvent('message.user'), anEvent('message.user')]);
    expect(queue.hasRoom(1)).toBe(false);
    await queue.drain();
    expect(kept).toHaveLength(3);
    expect(lossy).toHaveLength(2);
    expect(queue.stats()).toMatchObject({ dropped: 1, pending: 0 });
    expect(queue.hasRoom(2)).toBe(true);
  });

  it('lets a sink with maxChunk catch up a backlog in larger chunks, the others in chunkSize', async () => {
    const sizes: Record<string, number[]> = { wide: [], narrow: [] };
    const queue = new SinkQueue(
      [
        { name: 'wide', maxChunk: 25, apply: async (events) => void sizes.wide!.push(events.length) },
        { name: 'narrow', apply: async (events) => void sizes.narrow!.push(events.length) },
      ],
      { maxPending: 100, chunkSize: 10, coalesceMs: 60_000, onFailure: () => {} },
    );
    queue.push(Array.from({ length: 9 }, () => anEvent('message.user')));
    queue.push(Array.from({ length: 21 }, () => anEvent('message.user')));
    await queue.drain();
    expect(sizes.wide).toEqual([25, 5]);
    expect(sizes.narrow).toEqual([10, 10, 10]);
  });

  it('retries a sink that threw synchronously on the next drain', async () => {
    let calls = 0;
    const queue = new SinkQueue(
      [
        {
          apply: (() => {
            if (++calls === 1) throw new Error('down');
            return Promise.resolve();
          }) as never,
        },
      ],
      { maxPending: 100, chunkSize: 10, coalesceMs: 0, onFailure: () => {} },
    );
    queue.push([anEvent('session.start')]);
    await new Promise((r) => setTimeout(r, 0));
    await queue.drain();
    expect(queue.stats()).toMatchObject({ applied: 1, failures: 1, pending: 0 });
  });

  it('applies what is pushed within coalesceMs in one call, not one per push', async () => {
    const calls: number[] = [];
    const queue = new SinkQueue([{ apply: async (events) => void calls.push(events.length) }], {
      maxPending: 1000,
      chunkSize: 100,
      coalesceMs: 40,
      onFailure: () => {},
    });
    for (let i = 0; i < 5; i++) queue.push([anEvent('message.user'), anEvent('message.user')]);
    await new Promise((r) => setTimeout(r, 5));
    expect(calls).toEqual([]);
    await new Promise((r) => setTimeout(r, 80));
    expect(calls).toEqual([10]);
    expect(queue.stats()).toMatchObject({ applied: 10, pending: 0 });
  });

  it('applies a full chunk at once, and leaves the partial rest for the delay', async () => {
    const calls: number[] = [];
    const queue = new SinkQueue([{ apply: async (events) => void calls.push(events.length) }], {
      maxPending: 1000,
      chunkSize: 4,
      coalesceMs: 10_000,
      onFailure: () => {},
    });
    queue.push(Array.from({ length: 6 }, () => anEvent('message.user')));
    await new Promise((r) => setTimeout(r, 5));
    expect(calls).toEqual([4]);
    expect(queue.stats()).toMatchObject({ applied: 4, pending: 2 });
    await queue.drain();
    expect(calls).toEqual([4, 2]);
  });

  it('drain applies a partial chunk without waiting for the delay', async () => {
    const applied: string[] = [];
    const queue = new SinkQueue([{ apply: async (events) => void applied.push(...events.map((e) => e.id)) }], {
      maxPending: 100,
      chunkSize: 10,
      coalesceMs: 10_000,
      onFailure: () => {},
    });
    queue.push([anEvent('session.start'), anEvent('message.user')]);
    await queue.drain();
    expect(applied).toHaveLength(2);
  });
});
