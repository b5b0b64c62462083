// Checks the answers a harness recorded against the served OpenAPI document with a JSON-schema validator (ajv,
// draft 2020-12, the dialect of OpenAPI 3.1): each plain-JSON answer must be an operation's declared status, with a
// declared content type, the headers the document requires and a body its schema accepts; each tRPC result must be
// accepted by its operation's 200 schema. Any difference is a problem naming the operation, the status and ajv's error.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { expect } from 'vitest';
import { type Harness, procedureDefs, type RecordedAnswer } from './harness.ts';

const PREFIX = '/api/analytics';
const DOC_ID = 'https://cs-analytics.local/openapi.json';
/** What a request of a method its path does not serve may meet before its 405: its body refused. */
const BODY_REFUSALS = new Set([413, 415]);
/** Served beside the operations, not operations themselves. */
const notOperations = [/^\/openapi\.json$/, /^\/docs(\/|$)/];

interface Response {
  readonly headers?: Record<string, { required?: boolean }>;
  readonly content?: Record<string, { schema?: unknown }>;
}
type Operations = Record<string, { responses?: Record<string, Response> }>;
interface Doc {
  readonly paths: Record<string, Operations>;
}

const contentType = (a: { headers: Headers }) => a.headers.get('content-type')?.split(';', 1)[0]?.trim() ?? '';

/** A JSON pointer into the document (RFC 6901). */
const pointer = (...parts: string[]) => `${DOC_ID}#/${parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`;

export class OpenApiConformance {
  readonly #doc: Doc;
  readonly #ajv: Ajv2020;

  constructor(doc: unknown) {
    this.#doc = doc as Doc;
    // strict: false: OpenAPI's own keywords (example, discriminator) sit beside JSON Schema's.
    this.#ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(this.#ajv);
    this.#ajv.addSchema(doc as object, DOC_ID);
  }

  /** What differs between the answers and the document, one line each (none: they agree). */
  problems(answers: readonly RecordedAnswer[]): string[] {
    return answers.flatMap((a) => {
      const problem = a.kind === 'trpc' ? this.#trpcProblem(a) : this.#httpProblem(a);
      return problem ? [problem] : [];
    });
  }

  #validate(ref: string, value: unknown): string | undefined {
    const validate = this.#ajv.getSchema(ref);
    if (!validate) return `no schema at ${ref}`;
    return validate(value) ? undefined : this.#ajv.errorsText(validate.errors, { dataVar: 'body' });
  }

  #trpcProblem(a: Extract<RecordedAnswer, { kind: 'trpc' }>): string | undefined {
    const route = procedureDefs[a.procedure]?._def.meta?.openapi;
    if (!route) return `tRPC ${a.procedure}: no OpenAPI route`;
    const method = route.method.toLowerCase();
    if (!this.#doc.paths[route.path]?.[method]?.responses?.['200']) return `tRPC ${a.procedure}: ${method} ${route.path} declares no 200`;
    const error = this.#validate(pointer('paths', route.path, method, 'responses', '200', 'content', 'application/json', 'schema'), a.data);
    return error && `tRPC ${a.procedure} (${method.toUpperCase()} ${route.path} 200): ${error}`;
  }

  #httpProblem(a: Extract<RecordedAnswer, { kind: 'http' }>): string | undefined {
    const path = a.url.split('?', 1)[0]!.slice(PREFIX.length);
    if (!a.url.startsWith(`${PREFIX}/`) || notOperations.some((p) => p.test(path))) return undefined;
    const name = `${a.method} ${path} ${a.status}`;
    const operations = this.#doc.paths[path];
    // A path the document does not list answers 404, in the Error shape.
    if (!operations)
      return a.status === 404 ? this.#jsonProblem(name, a, pointer('components', 'schemas', 'Error')) : `${name}: no such path in the document`;
    const method = a.method.toLowerCase();
    // A method the path does not serve is answered 405, as the path's operations declare it; or its body is refused
    // first (413, 415), in the Error shape, as that 405 says.
    const wrongMethod = !operations[method];
    if (wrongMethod && BODY_REFUSALS.has(a.status)) return this.#jsonProblem(name, a, pointer('components', 'schemas', 'Error'));
    const at = wrongMethod ? Object.keys(operations)[0]! : method;
    const status = String(a.status);
    const response = operations[at]?.responses?.[status];
    if (!response || (wrongMethod && status !== '405')) return `${name}: status not declared`;
    for (const [header, spec] of Object.entries(response.headers ?? {})) {
      if (spec.required && !a.headers.has(header)) return `${name}: header ${header} missing`;
    }
    const type = contentType(a);
    const content = response.content?.[type];
    if (!content) return `${name}: content type ${type || '(none)'} not declared (${Object.keys(response.content ?? {}).join(', ') || 'no body'})`;
    if (type !== 'application/json') return undefined;
    return this.#jsonProblem(name, a, pointer('paths', path, at, 'responses', status, 'content', type, 'schema'));
  }

  #jsonProblem(name: string, a: Extract<RecordedAnswer, { kind: 'http' }>, schema: string): string | undefined {
    if (contentType(a) !== 'application/json') return `${name}: not JSON (${contentType(a)})`;
    let body: unknown;
    try {
      body = JSON.parse(a.body);
    } catch {
      return `${name}: not JSON: ${a.body.slice(0, 80)}`;
    }
    const error = this.#validate(schema, body);
    return error && `${name}: ${error}`;
  }
}

/** Fetches the document the harness serves and expects every recorded answer to agree with it. */
export async function expectAnswersDocumented(h: Harness): Promise<void> {
  const doc = await (await fetch(`${h.url}${PREFIX}/openapi.json`)).json();
  expect(h.answers.length).toBeGreaterThan(0);
  // One line per difference, every one shown (an array would be cut short in the failure message).
  expect(new OpenApiConformance(doc).problems(h.answers).join('\n')).toBe('');
}
