// SinkQueue: a drain with nothing pending, or a sink that throws at once, must not stop its lane for good.
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
      { maxPending: 100, chunkSize: 10, onFailure: () => {} },
    );
    queue.push([anEvent('session.start')]);
    await new Promise((r) => setTimeout(r, 0));
    await queue.drain();
    expect(queue.stats()).toMatchObject({ applied: 1, failures: 1, pending: 0 });
  });
});
