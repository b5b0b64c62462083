// ingest.track's events in the OpenAPI document: one schema per event of the catalog (domain/events/wire-events.ts,
// rendered by zod's own JSON Schema output), the batch's items their union keyed on `name`, with examples.
import { z } from 'zod';
import type { EventName } from '../../domain/events/catalog.ts';
import { wireBatchExample, wireEventSchemas } from '../../domain/events/wire-events.ts';
import type { OpenApiDoc } from './openapi-answers.ts';

/** `session.start` -> `SessionStartEvent`, `agent.status_change` -> `AgentStatusChangeEvent`. */
export const eventSchemaName = (name: EventName) =>
  `${name
    .split(/[._]/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('')}Event`;

type JsonObject = Record<string, unknown>;

/** Replaces the items of `<path>`'s `events` (untyped, so each event is judged alone) with the union of the catalog. */
export function withEventUnion<D extends OpenApiDoc>(doc: D, path = '/ingest/track'): D {
  const content = (doc.paths?.[path]?.post?.requestBody as { content?: Record<string, { schema?: JsonObject; example?: unknown }> } | undefined)
    ?.content?.['application/json'];
  const events = (content?.schema?.properties as Record<string, JsonObject> | undefined)?.events;
  if (!content || !events) throw new Error(`OpenAPI: ${path} has no events to describe`);
  const mapping: Record<string, string> = {};
  const schemas: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(wireEventSchemas)) {
    const id = eventSchemaName(name as EventName);
    const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' });
    schemas[id] = json;
    mapping[name] = `#/components/schemas/${id}`;
  }
  doc.components = { ...doc.components, schemas: { ...doc.components?.schemas, ...schemas } };
  events.items = {
    description: 'An event of the catalog; its `name` says which. Each is judged alone: a bad one is listed in `rejected`, the others stored.',
    oneOf: Object.values(mapping).map(($ref) => ({ $ref })),
    discriminator: { propertyName: 'name', mapping },
  };
  events.description ??= '1..1000 events, each judged alone (the body’s example is a small batch).';
  content.example = wireBatchExample;
  return doc;
}
