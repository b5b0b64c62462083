// The one way a port's contract runs: as `<port> on <engine>` for each engine of the list (databases.ts) the port
// has an adapter on, each test on a fresh place; an engine whose server is missing is skipped with the reason.
import { afterAll, beforeAll, describe, test, type TestAPI } from 'vitest';
import { engines, whyUnavailable, type EngineKind, type Places, type StartedEngine } from './databases.ts';

/** A port's adapters by the kind of engine they run on; a kind left out has no adapter of the port. */
export type PortAdapters<F> = { readonly [K in EngineKind]?: (place: Places[K]) => F | Promise<F> };

/** The `it` of a contract: each test receives `fx`, the port's adapters on a place of its own. */
export type ContractTest<F> = TestAPI<{ fx: F }>;

/**
 * Registers `spec` once per engine of the list that `adapters` covers, as `<port> on <engine>`:
 *
 * ```ts
 * const adapters: PortAdapters<EventStoreFixture> = {
 *   memory: () => ({ store: new MemoryEventStore() }),
 *   sql: ({ db }) => ({ store: new PostgresEventStore({ db }) }), // PGlite and PostgreSQL
 * };
 * await portContract<EventStoreFixture>('EventStore', adapters, (it) => {
 *   it('stores a batch', async ({ fx }) => { ... });
 * });
 * ```
 */
export async function portContract<F>(port: string, adapters: PortAdapters<F>, spec: (it: ContractTest<F>) => void): Promise<void> {
  for (const engine of engines) {
    // The engine's kind picks the adapter, so the place the engine opens is the one that adapter takes.
    const adapt = adapters[engine.kind] as ((place: Places[EngineKind]) => F | Promise<F>) | undefined;
    if (!adapt) continue;
    const why = engine.server ? await whyUnavailable(engine.server) : null;
    describe.skipIf(why !== null)(why ? `${port} on ${engine.name} (skipped: ${why})` : `${port} on ${engine.name}`, () => {
      let started: StartedEngine<EngineKind> | undefined;
      beforeAll(async () => {
        started = await engine.start();
      });
      afterAll(async () => {
        await started?.stop();
      });
      const it = test.extend<{ fx: F }>({
        // `{}`: vitest reads what a fixture depends on from this pattern (here: nothing), and refuses any other form.
        // biome-ignore lint/correctness/noEmptyPattern: vitest fixtures must destructure their first argument
        fx: async ({}, use: (fx: F) => Promise<void>) => {
          const place = await started!.open();
          try {
            await use(await adapt(place));
          } finally {
            await place.close();
          }
        },
      });
      spec(it);
    });
  }
}
