// The event catalog as Markdown (docs/events.md), rendered from the zod schemas so the page cannot drift from them.
// Types, bounds, required fields and refinements come from the schemas; who sends an event and what a field means
// are written here, typed by the catalog, so a new event or field does not compile until it is described.
import { z } from 'zod';
import { eventCatalog, eventNames, type EnvelopeField, type EventData, type EventName } from './catalog.ts';
import { EventInputSchema, MAX_DATA_BYTES, MAX_FUTURE_SKEW_MS, type EventInput } from './envelope.ts';

/** The products that send the catalog's events. */
const products = {
  ai_chatbot: 'the AI customer-service bot (on Coze)',
  agent_workbench: 'where human agents take over conversations',
} as const;
type Product = keyof typeof products;

/** The data keys the catalog names for event N (not the index signature its loose object adds). */
type DataKey<N extends EventName> = keyof { [K in keyof EventData<N> as string extends K ? never : K]: true };

interface EventNote<N extends EventName> {
  readonly from: readonly Product[];
  readonly about: string;
  /** One line per data field (a `.describe()` on the schema, when there is one, wins). */
  readonly fields: { readonly [K in DataKey<N>]: string };
}

const chatbot: readonly Product[] = ['ai_chatbot'];
const workbench: readonly Product[] = ['agent_workbench'];
const either: readonly Product[] = ['ai_chatbot', 'agent_workbench'];

const eventNotes: { readonly [N in EventName]: EventNote<N> } = {
  'session.start': {
    from: chatbot,
    about: 'A customer opens a conversation. Its `channel` is inherited by the later events of the session.',
    fields: { customerId: "the customer's id in the product", locale: 'the language of the conversation, e.g. `zh-CN`' },
  },
  'message.user': {
    from: chatbot,
    about: 'The customer writes.',
    fields: { length: "characters in the customer's message" },
  },
  'message.ai': {
    from: chatbot,
    about: 'The AI answers. With tokens, the event is also a token usage whose key is the event `id`.',
    fields: {
      responseTimeMs: "from the customer's message to the AI's answer",
      model: 'the model that answered; its tokens are priced by it',
      inputTokens: 'input tokens of this answer',
      outputTokens: 'output tokens of this answer',
      intent: 'what the bot understood the customer wants, e.g. `order_status`',
    },
  },
  'session.transfer': {
    from: either,
    about: 'The AI hands the session to humans; it waits in the queue until an agent replies.',
    fields: { reason: 'why the session was handed over', toAgentId: 'the agent it was handed to, when one was chosen' },
  },
  'message.agent': {
    from: workbench,
    about: 'A human agent replies.',
    fields: { responseTimeMs: 'how long the agent took to reply' },
  },
  'session.end': {
    from: either,
    about: 'The session ends. Its outcome (ai, agent, abandoned) is derived from its events, not from `reason`.',
    fields: { reason: 'why it ended' },
  },
  'session.rated': {
    from: either,
    about: 'The customer rates the session. The last rating of a session counts.',
    fields: { score: '1 (worst) to 5 (best)', comment: "the customer's words" },
  },
  'order.query': {
    from: chatbot,
    about: 'The bot looks up an order for the customer.',
    fields: { found: 'whether the order was found', orderId: 'the order looked up' },
  },
  'tracking.query': {
    from: chatbot,
    about: 'The bot looks up a parcel for the customer.',
    fields: { found: 'whether tracking information was found', carrier: 'the carrier asked' },
  },
  'agent.login': {
    from: workbench,
    about: 'An agent signs in to the workbench.',
    fields: { name: "the agent's display name" },
  },
  'agent.logout': {
    from: workbench,
    about: 'An agent signs out.',
    fields: {},
  },
  'agent.status_change': {
    from: workbench,
    about: 'An agent changes status (also recorded by `realtime.setAgentStatus`).',
    fields: { status: 'the new status' },
  },
  'llm.usage': {
    from: chatbot,
    about: 'One LLM call consumed tokens (e.g. a completed Coze chat). Each `usageId` counts once.',
    fields: {
      usageId: 'idempotency key of the usage, e.g. `coze:<chat_id>`',
      model: 'the model, when known; priced by it when there is no `botId`',
      botId: 'the Coze bot; priced by it when given (Coze reports no model)',
      inputTokens: 'input tokens of the call',
      outputTokens: 'output tokens of the call',
    },
  },
};

const envelopeNotes: { readonly [K in keyof Required<EventInput>]: string } = {
  id: 'Idempotency key. The tracker stamps a UUIDv7 at `track()`; over HTTP it is generated when missing. The same `id` sent twice is stored and counted once, whatever `occurredAt` each copy carries.',
  name: 'One of the events below; an unknown name is rejected with a clear error.',
  occurredAt: `Defaults to the time of \`track()\` or of receipt. Rejected when more than ${MAX_FUTURE_SKEW_MS / 60_000} minutes in the future or older than the retention period.`,
  sessionId: 'The conversation the event belongs to.',
  agentId: 'The human agent the event is about.',
  channel:
    'Where the customer writes (`web`, `app`, `whatsapp`, `messenger`, `email`...); stored lower-cased. Later events of the session inherit it.',
  product: 'The sending product (`ai_chatbot`, `agent_workbench`, or another); the tracker sets its own name.',
  data: `Per event, below. Unknown keys are kept but never trusted for metrics. At most ${MAX_DATA_BYTES / 1024} KiB serialized.`,
};

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
    return [code(key), typeOf(node), when, bounds, envelopeNotes[key as keyof typeof envelopeNotes]];
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
  const note = eventNotes[name];
  const requires = eventCatalog[name].requires;
  const fields = dataFields(name);
  const notes = note.fields as Record<string, string>;
  const lines = [
    `### ${code(name)}`,
    '',
    note.about,
    '',
    `From: ${note.from.map(code).join(' or ')}. Envelope: ${requires.length ? `${requires.map(code).join(', ')} required` : 'no field required'}.`,
    '',
  ];
  if (fields.length === 0) lines.push('No data fields.');
  else {
    const rows = fields.map(([key, node, required]) => [
      code(key),
      typeOf(node),
      required ? 'required' : 'optional',
      boundsOf(node),
      node.description ?? notes[key] ?? '',
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
      eventNotes[name].from.map(code).join(', '),
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
