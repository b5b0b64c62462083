// The error answers of the OpenAPI document as the server sends them: one `Error` schema (errors.ts's errorBody) and,
// for every operation, the statuses it can answer, added here in one place from what each procedure declares
// (its method, whether it needs a credential or a scope, and its own answers such as 404) instead of route by route.
import { bodyTooLargeMessage, httpStatusOf, RETRY_AFTER_SECONDS, STORAGE_UNAVAILABLE_MESSAGE } from '../errors.ts';

/** The parts of an OpenAPI 3.1 document this file reads and writes. */
export interface OpenApiDoc {
  info: { version: string } & Record<string, unknown>;
  paths?: Record<string, Record<string, Operation | undefined> | undefined>;
  components?: { schemas?: Record<string, unknown>; responses?: Record<string, unknown> } & Record<string, unknown>;
}

export interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  parameters?: unknown[];
  requestBody?: unknown;
  responses?: Record<string, unknown>;
  [key: string]: unknown;
}

/** What a procedure's metadata says about the answers it can give. */
export interface ProcedureAnswers {
  readonly method: 'get' | 'post';
  readonly path: string;
  /** It needs a credential (401 without one). */
  readonly protect: boolean;
  /** It needs a scope or role (403 without it). */
  readonly scoped: boolean;
  /** Its own answers (404, 409, 429) and when it gives them. */
  readonly own: Readonly<Record<string, string>>;
}

const ERROR = '#/components/schemas/Error';

/** The codes of each status, from the one table in transport/errors.ts. */
const codesOf = (status: number) =>
  Object.entries(httpStatusOf)
    .filter(([, s]) => s === status)
    .map(([code]) => code);

/** `{ "error": { "code", "message", "issues"? } }`, exactly as errorBody builds it. */
const errorSchema = {
  type: 'object',
  description: 'Every error answer of the plain-JSON routes (the CSV routes too).',
  required: ['error'],
  additionalProperties: false,
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      additionalProperties: false,
      properties: {
        code: {
          type: 'string',
          enum: Object.keys(httpStatusOf),
          description: `The tRPC code of the status: ${Object.entries(httpStatusOf)
            .map(([code, status]) => `${status} \`${code}\``)
            .join(', ')}.`,
        },
        message: { type: 'string', description: 'What went wrong, naming the field first when the input is at fault (`days: ...`).' },
        issues: {
          type: 'array',
          minItems: 1,
          description: 'Each problem with the input (400 only), the first of which the message repeats.',
          items: {
            type: 'object',
            required: ['field', 'message'],
            additionalProperties: false,
            properties: {
              field: { type: 'string', description: 'The path of the field, dot-separated (`events.3.name`, `days`); `input` for the whole input.' },
              message: { type: 'string' },
            },
          },
        },
      },
    },
  },
};

const retryAfter = (when: string) => ({
  'Retry-After': { description: `Seconds to wait before trying again (${when}).`, required: true, schema: { type: 'integer', minimum: 0 } },
});

interface Answer {
  readonly description: string;
  readonly message: string;
  readonly issues?: readonly { field: string; message: string }[];
  readonly headers?: Record<string, unknown>;
}

/** The answers shared by every route that can give them; an operation's own description replaces the default's. */
const shared: Record<number, Answer> = {
  400: {
    description: 'The input is invalid: the message and `issues` name each field at fault (an unknown query parameter too).',
    message: 'days: Too big: expected number to be <=90',
    issues: [{ field: 'days', message: 'Too big: expected number to be <=90' }],
  },
  401: {
    description: 'No credential, or one that is not valid (unknown, revoked or expired key; expired session).',
    message: 'a credential is required (Bearer API key or session cookie)',
    headers: {
      'WWW-Authenticate': {
        description: 'RFC 6750’s challenge: `Bearer realm="cs-analytics"`, with `error="invalid_token"` when the key sent was refused.',
        required: true,
        schema: { type: 'string' },
      },
    },
  },
  403: {
    description:
      'The credential lacks the scope or role the operation needs; or a state-changing request with the session cookie comes from another site.',
    message: 'needs the read scope',
  },
  404: { description: 'Not found.', message: 'session s-1 was not found' },
  405: {
    description:
      'The path exists, with another method (queries are GET, mutations POST): `Allow` names it. A request of another method whose body is too large or not JSON may be refused for that first (413, 415).',
    message: 'POST is not allowed on /api/analytics/stats/today: use GET',
    headers: { Allow: { description: 'The methods the path answers.', required: true, schema: { type: 'string' } } },
  },
  409: { description: 'It conflicts with what exists.', message: 'already exists' },
  413: {
    description: 'The body is larger than the server accepts (its message states the limit; a gzip body counts once decompressed).',
    message: bodyTooLargeMessage(1024 * 1024), // build-server's default limit
  },
  415: {
    description: 'The body is not `application/json`, or its `Content-Encoding` is neither gzip nor identity.',
    message: 'content-type: send application/json',
  },
  429: {
    description: 'Too many calls: wait as long as `Retry-After` says.',
    message: 'too many calls, retry later',
    headers: retryAfter('until the limit lets a call through again'),
  },
  500: {
    description: 'Unexpected: nothing internal is told; the request id (`X-Request-Id`) finds it in the log.',
    message: 'Internal server error',
  },
  503: {
    description:
      'A store the answer needs cannot answer now (database or realtime store unreachable, ingest backlog full). Nothing was stored: retry after `Retry-After`.',
    message: STORAGE_UNAVAILABLE_MESSAGE,
    headers: retryAfter(`${RETRY_AFTER_SECONDS} by default`),
  },
};

function response(status: number, description?: string) {
  const answer = shared[status] ?? { description: 'An error', message: 'error' };
  const code = codesOf(status)[0] ?? (status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST');
  const example = { error: { code, message: answer.message, ...(answer.issues ? { issues: answer.issues } : {}) } };
  return {
    description: description ?? answer.description,
    ...(answer.headers ? { headers: answer.headers } : {}),
    content: { 'application/json': { schema: { $ref: ERROR }, example } },
  };
}

/** The error statuses an operation can answer. */
function statusesOf(p: ProcedureAnswers): number[] {
  const post = p.method === 'post';
  return [
    400,
    ...(p.protect ? [401] : []),
    // A scope or role refused, or a cross-site cookie mutation (origin-check.ts).
    ...(p.scoped || post ? [403] : []),
    405,
    ...(post ? [413, 415] : []),
    500,
    503,
    ...Object.keys(p.own).map(Number),
  ].sort((a, b) => a - b);
}

/**
 * Replaces every error answer of the procedures' operations with the statuses each can answer, all in the `Error`
 * shape; removes trpc-to-openapi's own error schemas. Run before the CSV twins are added (they copy the answers).
 */
export function withHonestAnswers<D extends OpenApiDoc>(doc: D, procedures: readonly ProcedureAnswers[]): D {
  const schemas = Object.fromEntries(Object.entries(doc.components?.schemas ?? {}).filter(([name]) => !name.startsWith('error.')));
  doc.components = { ...doc.components, schemas: { ...schemas, Error: errorSchema } };
  for (const p of procedures) {
    const op = doc.paths?.[p.path]?.[p.method];
    if (!op) continue;
    const ok = Object.fromEntries(Object.entries(op.responses ?? {}).filter(([status]) => Number(status) < 400));
    op.responses = { ...ok, ...Object.fromEntries(statusesOf(p).map((s) => [String(s), response(s, p.own[s])])) };
  }
  return doc;
}

/** The error answer of a status in the `Error` shape (for routes outside the procedures, e.g. a CSV export's 413). */
export const errorAnswer = (status: number, description: string) => response(status, description);
