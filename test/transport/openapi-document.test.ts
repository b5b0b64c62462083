// The OpenAPI document says what the server does: errors in the shape sent, ingest.track's events as the catalog's
// union with examples the service itself accepts, the package's version, and a conformance check that catches a lie.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { eventNames } from '../../domain/events/catalog.ts';
import { validateEvent } from '../../domain/events/envelope.ts';
import { wireBatchExample, wireEventExamples } from '../../domain/events/wire-events.ts';
import { errorBody } from '../../transport/errors.ts';
import { eventSchemaName } from '../../transport/http/openapi-events.ts';
import { openApiDocument } from '../../transport/http/trpc-openapi.ts';
import type { RecordedAnswer } from './harness.ts';
import { OpenApiConformance } from './openapi-conformance.ts';

const doc = openApiDocument('/api/analytics') as any;
const DOC_ID = 'https://cs-analytics.local/doc.json';
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema(doc, DOC_ID);
const schemaAt = (pointer: string) => ajv.getSchema(`${DOC_ID}#${pointer}`)!;
const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
  Object.entries(ops as Record<string, any>).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op })),
);

describe('the OpenAPI document', () => {
  it('carries the package’s version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(doc.info.version).toBe(pkg.version);
  });

  it('describes every error answer with the one Error schema, as errorBody builds it', () => {
    const error = schemaAt('/components/schemas/Error');
    expect(error(errorBody('BAD_REQUEST', 'days: too big', [{ field: 'days', message: 'too big' }]))).toBe(true);
    expect(error(errorBody('NOT_FOUND', 'session s was not found'))).toBe(true);
    expect(error({ message: 'x', code: 'BAD_REQUEST' })).toBe(false); // trpc-to-openapi's shape, which the server never sends
    expect(error({ error: { code: 'BAD_REQUEST', message: 'x', issues: [{ message: 'x' }] } })).toBe(false);
    for (const { name, op } of operations) {
      for (const [status, response] of Object.entries(op.responses as Record<string, any>)) {
        if (Number(status) < 400) continue;
        expect(response.content['application/json'].schema, `${name} ${status}`).toEqual({ $ref: '#/components/schemas/Error' });
        expect(error(response.content['application/json'].example), `${name} ${status} example`).toBe(true);
      }
      expect(Object.keys(op.responses), name).toEqual(expect.arrayContaining(['200', '400', '405', '500', '503']));
      expect(op.responses['503'].headers['Retry-After'].required, name).toBe(true);
    }
  });

  it('answers 401 and 403 where a credential is needed, 413 and 415 where a body is read, 404 where a procedure can', () => {
    const statuses = (path: string, method = 'get') => Object.keys(doc.paths[path][method].responses);
    expect(statuses('/stats/trend')).toEqual(['200', '400', '401', '403', '405', '500', '503']);
    expect(statuses('/ingest/track', 'post')).toEqual(['200', '400', '401', '403', '405', '413', '415', '429', '500', '503']);
    expect(statuses('/sessions/get')).toContain('404');
    expect(statuses('/auth/signIn', 'post')).toEqual(expect.arrayContaining(['401', '429']));
    expect(statuses('/billing/usage.csv')).toContain('413');
  });

  // The admin.* routes are described by the routers of the operating work (admin-*.ts).
  it('gives every operation a summary and a description', () => {
    for (const { name, op } of operations.filter(({ op }) => !op.tags?.includes('admin'))) {
      expect(op.summary, name).toBeTruthy();
      expect(op.description, name).toBeTruthy();
    }
  });

  it('describes every query parameter and body field, with an example', () => {
    const missing: string[] = [];
    const fields = (schema: any, at: string): void => {
      for (const [name, field] of Object.entries((schema?.properties ?? {}) as Record<string, any>)) {
        // The events' example is the body's (a batch); each event schema has its own.
        if (!field.description || (field.example === undefined && !field.examples && at + name !== 'events')) missing.push(`${at}${name}`);
        if (field.type === 'object') fields(field, `${at}${name}.`);
        if (field.items?.type === 'object') fields(field.items, `${at}${name}[].`);
      }
    };
    for (const { name, op } of operations.filter(({ op }) => !op.tags?.includes('admin'))) {
      for (const p of op.parameters ?? []) {
        if (!(p.description ?? p.schema?.description) || (p.example ?? p.schema?.example) === undefined) missing.push(`${name} ?${p.name}`);
      }
      const before = missing.length;
      fields(op.requestBody?.content['application/json'].schema, '');
      for (let i = before; i < missing.length; i++) missing[i] = `${name} ${missing[i]}`;
    }
    expect(missing).toEqual([]);
  });

  it('types ingest.track’s events as the catalog’s union keyed on name, one schema per event', () => {
    const items = doc.paths['/ingest/track'].post.requestBody.content['application/json'].schema.properties.events.items;
    expect(items.discriminator.propertyName).toBe('name');
    expect(Object.keys(items.discriminator.mapping).sort()).toEqual([...eventNames].sort());
    expect(items.oneOf).toHaveLength(eventNames.length);
  });

  it.each(eventNames)('holds an example of %s that the service and the schema both accept', (name) => {
    const schema = doc.components.schemas[eventSchemaName(name)];
    expect(schema.examples).toEqual([wireEventExamples[name]]);
    const example = wireEventExamples[name];
    const now = new Date(Date.parse(example.occurredAt) + 1000);
    expect(validateEvent(example, { tenantId: 't', now, retentionDays: 90, newId: () => 'x' })).toMatchObject({ ok: true });
    expect(schemaAt(`/components/schemas/${eventSchemaName(name)}`)(example)).toBe(true);
  });

  it('refuses in the schema what the service refuses', () => {
    const event = (name: string) => schemaAt(`/components/schemas/${eventSchemaName(name as never)}`);
    const usage = wireEventExamples['llm.usage'];
    const { botId: _bot, ...noPricedBy } = usage.data!;
    expect(event('llm.usage')({ ...usage, data: noPricedBy })).toBe(false); // model or botId
    const { sessionId: _s, ...start } = wireEventExamples['session.start'];
    expect(event('session.start')(start)).toBe(false); // sessionId required
    expect(event('message.ai')({ ...wireEventExamples['message.ai'], data: { model: 'm' } })).toBe(false); // responseTimeMs required
    expect(event('session.rated')({ ...wireEventExamples['session.rated'], data: { score: 6 } })).toBe(false);
    expect(event('agent.logout')({ name: 'agent.logout', agentId: 'a', occurredAt: 'yesterday' })).toBe(false);
  });

  it('shows a small realistic batch as ingest.track’s body, valid against it', () => {
    const body = doc.paths['/ingest/track'].post.requestBody.content['application/json'];
    expect(body.example).toEqual(wireBatchExample);
    expect(body.example.events.length).toBeGreaterThan(1);
    expect(schemaAt('/paths/~1ingest~1track/post/requestBody/content/application~1json/schema')(body.example)).toBe(true);
  });
});

describe('OpenApiConformance', () => {
  const http = (method: string, url: string, status: number, body: unknown, headers: Record<string, string> = {}): RecordedAnswer => ({
    kind: 'http',
    method,
    url: `/api/analytics${url}`,
    status,
    headers: new Headers({ 'content-type': 'application/json; charset=utf-8', ...headers }),
    body: JSON.stringify(body),
  });
  const check = new OpenApiConformance(doc);

  it('accepts an answer as declared', () => {
    expect(check.problems([http('GET', '/stats/trend?days=7', 503, errorBody('SERVICE_UNAVAILABLE', 'later'), { 'retry-after': '5' })])).toEqual([]);
  });

  it('names the operation, the status and what differs', () => {
    const problems = check.problems([
      http('GET', '/stats/trend', 418, errorBody('BAD_REQUEST', 'x')),
      http('GET', '/stats/trend', 400, { message: 'x', code: 'BAD_REQUEST' }),
      http('GET', '/stats/trend', 503, errorBody('SERVICE_UNAVAILABLE', 'later')),
      http('GET', '/stats/trend', 401, errorBody('UNAUTHORIZED', 'a credential is required')),
      http('GET', '/nowhere', 200, {}),
      { kind: 'trpc', procedure: 'billing.quota', data: { used: 'lots' } },
    ]);
    expect(problems).toEqual([
      'GET /stats/trend 418: status not declared',
      expect.stringMatching(/^GET \/stats\/trend 400: body must have required property 'error'/),
      'GET /stats/trend 503: header Retry-After missing',
      'GET /stats/trend 401: header WWW-Authenticate missing',
      'GET /nowhere 200: no such path in the document',
      expect.stringMatching(/^tRPC billing\.quota \(GET \/billing\/quota 200\): body must have required property/),
    ]);
  });
});
