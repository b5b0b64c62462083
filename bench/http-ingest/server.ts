// The server under load for bench/http-ingest: the service as `serve` builds it, on a real PostgreSQL schema, in its
// own process (so the load generator does not share its event loop). Prints `{ url, key }` as one JSON line; on the
// IPC message 'drain' it applies every derived update still pending (realtime, token usage) and answers its stats.
import { createServices } from '../../adapters/index.ts';
import { AnalyticsConfig } from '../../domain/config.ts';
import { buildServer } from '../../transport/http/build-server.ts';

const schema = process.env.BENCH_SCHEMA!;
const services = await createServices(AnalyticsConfig.fromEnv({ ...process.env, PORT: '0' }), {
  searchPath: schema,
  poolSize: Number(process.env.BENCH_POOL ?? 4),
});
await services.tenants.create({ tenantId: 'bench-http' });
const { key } = await services.keys.issue({ tenantId: 'bench-http', scopes: ['ingest'] });
// The bench drives one key far past the production default; the limit itself is not what is measured.
const app = await buildServer(services, { rateLimits: { ingestPerMinute: 10_000_000 } });
const url = await app.listen({ port: 0, host: '127.0.0.1' });
console.log(JSON.stringify({ url, key }));

process.on('message', async (message) => {
  if (message !== 'drain') return;
  // A failing sink stops its lane until the next drain: a few tries, then say what is left.
  for (let i = 0; i < 100 && services.sinks.stats().pending > 0; i++) await services.sinks.drain();
  process.send?.(services.sinks.stats());
});

process.once('SIGTERM', async () => {
  await app.close();
  await services.close();
  process.exit(0);
});
