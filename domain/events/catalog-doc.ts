// The event catalog as Markdown (docs/events.md), rendered from the zod schemas so the page cannot drift from them:
// types, bounds, required fields, refinements and every description come from catalog.ts and envelope.ts.
import { z } from 'zod';
import { eventCatalog, eventNames, products, type EnvelopeField, type EventName } from './catalog.ts';
import { EventInputSchema } from './envelope.ts';

/** A JSON Schema node as z.toJSONSchema writes it (the parts this page reads). */
interface JsonNode {
  type?: string;
  format?: string;
  enum?: readonly unknown[];
  anyOf?: readonly JsonNode[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  description?: string;
  properties?: Record<string, JsonNode>;
  required?: readonly string[];
  /** Set by our override: JSON Schema has no Date, but the in-process tracker takes one. */
  'x-js-type'?: string;
}

function jsonSchemaOf(schema: z.ZodType): JsonNode {
  return z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    override: (ctx) => {
      if (ctx.zodSchema._zod.def.type === 'date') (ctx.jsonSchema as JsonNode)['x-js-type'] = 'Date';
    },
  }) as JsonNode;
}

const code = (v: unknown) => `\`${String(v)}\``;
const thousands = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

const formats: Record<string, string> = { uuid: 'UUID string', 'date-time': 'ISO-8601 instant' };

function typeOf(node: JsonNode): string {
  if (node['x-js-type']) return `\`${node['x-js-type']}\``;
  if (node.anyOf) return node.anyOf.map(typeOf).join(' or ');
  if (node.enum) return 'enum';
  if (node.format && formats[node.format]) return formats[node.format]!;
  return node.type ?? 'any';
}

function boundsOf(node: JsonNode): string {
  if (node.enum) return node.enum.map(code).join(', ');
  const range = (lo: number | undefined, hi: number | undefined, unit: string) => {
    if (lo !== undefined && hi !== undefined) return `${thousands(lo)}..${thousands(hi)}${unit}`;
    if (lo !== undefined) return `>= ${thousands(lo)}${unit}`;
    if (hi !== undefined) return `<= ${thousands(hi)}${unit}`;
    return '';
  };
  // z.int() bounds itself to the safe integers: not a rule of the catalog, so not shown.
  const lo = node.minimum === Number.MIN_SAFE_INTEGER ? undefined : node.minimum;
  const hi = node.maximum === Number.MAX_SAFE_INTEGER ? undefined : node.maximum;
  return range(node.minLength, node.maxLength, ' chars') || range(lo, hi, '');
}

/** The messages of the refinements on an object (`.refine(...)`): rules JSON Schema cannot say. */
function refinementsOf(schema: z.ZodType): string[] {
  const checks = (schema._zod.def as { checks?: readonly { _zod: { def: unknown } }[] }).checks ?? [];
  return checks.flatMap((check) => {
    const def = check._zod.def as { check?: string; error?: (issue: unknown) => unknown };
    if (def.check !== 'custom' || typeof def.error !== 'function') return [];
    const message = def.error(undefined);
    return typeof message === 'string' ? [message] : [];
  });
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const row = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;
const table = (head: readonly string[], rows: readonly (readonly string[])[]) =>
  [row(head), `|${head.map(() => '---').join('|')}|`, ...rows.map(row)].join('\n');

/** Which events require each envelope field, from the catalog's `requires`. */
function requiredBy(field: EnvelopeField): EventName[] {
  return eventNames.filter((name) => eventCatalog[name].requires.includes(field));
}

function renderEnvelope(): string {
  const schema = jsonSchemaOf(EventInputSchema);
  const required = new Set(schema.required ?? []);
  const rows = Object.entries(schema.properties ?? {}).map(([key, node]) => {
    const asked = key === 'sessionId' || key === 'agentId' || key === 'channel' ? requiredBy(key) : [];
    const when = required.has(key) ? 'yes' : asked.length ? `for ${asked.map(code).join(', ')}` : 'no';
    const bounds = key === 'name' ? `the ${eventNames.length} events below` : boundsOf(node);
    return [code(key), typeOf(node), when, bounds, node.description ?? ''];
  });
  return ['## Envelope', '', 'Every event, whatever its name:', '', table(['field', 'type', 'required', 'bounds', 'rule'], rows)].join('\n');
}

function dataFields<N extends EventName>(name: N): [string, JsonNode, boolean][] {
  const schema = jsonSchemaOf(eventCatalog[name].data);
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([key, node]) => [key, node, required.has(key)]);
}

function summaryOf<N extends EventName>(name: N): string {
  const fields = dataFields(name).map(([key, , required]) => (required ? `\`${key}\`` : `\`${key}?\``));
  return fields.length ? fields.join(', ') : '—';
}

function renderEvent<N extends EventName>(name: N): string {
  const { about, from, requires } = eventCatalog[name];
  const fields = dataFields(name);
  const lines = [
    `### ${code(name)}`,
    '',
    about,
    '',
    `From: ${from.map(code).join(' or ')}. Envelope: ${requires.length ? `${requires.map(code).join(', ')} required` : 'no field required'}.`,
    '',
  ];
  if (fields.length === 0) lines.push('No data fields.');
  else {
    const rows = fields.map(([key, node, required]) => [
      code(key),
      typeOf(node),
      required ? 'required' : 'optional',
      boundsOf(node),
      node.description ?? '',
    ]);
    lines.push(table(['field', 'type', 'required', 'bounds', 'meaning'], rows));
  }
  const rules = refinementsOf(eventCatalog[name].data);
  if (rules.length) lines.push('', ...rules.map((r) => `Also: ${r}.`));
  return lines.join('\n');
}

/** docs/events.md: the envelope and every event of the catalog, as the schemas define them today. */
export function renderEventCatalog(): string {
  const overview = table(
    ['event', 'from', 'envelope requires', 'data (`?` optional)'],
    eventNames.map((name) => [
      `[${code(name)}](#${name.replace(/[^a-z0-9_-]/g, '')})`,
      eventCatalog[name].from.map(code).join(', '),
      eventCatalog[name].requires.map(code).join(', ') || '—',
      summaryOf(name),
    ]),
  );
  return [
    '<!-- Generated by `npm run docs` from domain/events/catalog.ts and envelope.ts (renderer: domain/events/catalog-doc.ts).',
    '     Edit those, never this file: test/docs/event-catalog.test.ts fails when the two differ. -->',
    '# Event catalog',
    '',
    'What the products send. The tracker (`track()`) and `POST /api/analytics/ingest/track` check every event against',
    'these schemas (the Python client checks names and required fields before sending); the metrics the events feed',
    'are defined in [metrics.md](metrics.md).',
    '',
    table(
      ['product', 'what it is'],
      Object.entries(products).map(([name, what]) => [code(name), what]),
    ),
    '',
    renderEnvelope(),
    '',
    '## Events',
    '',
    overview,
    '',
    'Token usage enters billing from `llm.usage`, from `message.ai` when it carries tokens (its event `id` is the usage',
    'key), and from `billing.recordTokenUsage`. Each usage key counts once.',
    '',
    ...eventNames.flatMap((name) => [renderEvent(name), '']),
  ].join('\n');
}
