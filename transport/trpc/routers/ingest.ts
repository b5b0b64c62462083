// ingest.track: a batch of 1..1000 events for the caller's tenant; each is validated on its own. Products' API keys
// with the ingest scope only: no workbench role ingests (defaultRoles.ingest is empty), so none forges usage or ratings.
import { IngestInputSchema, IngestResultSchema } from '../../../domain/ingest/ingest-events.ts';
import { postRoute } from '../openapi-route.ts';
import { router, scoped } from '../trpc.ts';

export const ingestRouter = router({
  track: scoped('ingest')
    .meta({
      ...postRoute('/ingest/track', 'Store a batch of events (1..1000); one bad event never sinks the others', {
        description:
          'Each event is validated on its own against the envelope and its `name`’s schema: a bad one is listed in ' +
          '`rejected` (its index and the field at fault) while the others are stored. An event whose `id` was stored ' +
          'before counts as a duplicate, once. The tenant is the credential’s, never the body’s. The body may be sent ' +
          'gzipped (`Content-Encoding: gzip`).',
        answers: { 429: 'The credential sent more calls this minute than its limit: retry after `Retry-After`.' },
      }),
      // Each event is validated alone (depth and U+0000 too): one bad event is rejected in the answer, not the batch.
      itemsJudgedAlone: 'events',
    })
    .input(IngestInputSchema)
    .output(IngestResultSchema)
    .mutation(({ ctx, input }) => ctx.deps.ingest.execute(ctx.tenantId, input.events)),
});
