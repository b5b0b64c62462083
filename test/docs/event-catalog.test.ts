// docs/events.md is the catalog's schemas rendered: it fails here the moment the two differ (run `npm run docs`).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { eventCatalog, eventNames } from '../../domain/events/catalog.ts';
import { EventInputSchema } from '../../domain/events/envelope.ts';
import { renderEventCatalog } from '../../domain/events/catalog-doc.ts';
import { generatedDocs } from '../../transport/cli/write-docs.ts';

const page = renderEventCatalog();

describe('docs/events.md', () => {
  it('is exactly what the zod schemas generate (after a schema change: npm run docs)', () => {
    const written = readFileSync(new URL('../../docs/events.md', import.meta.url), 'utf8');
    expect(written, 'docs/events.md is stale: run `npm run docs` and commit it').toBe(page);
  });

  it('is the page `npm run docs` writes', () => {
    expect(generatedDocs.map((d) => d.path.split('/').slice(-2).join('/'))).toContain('docs/events.md');
  });
});

describe('renderEventCatalog', () => {
  it('gives every catalog event a section', () => {
    for (const name of eventNames) expect(page).toContain(`### \`${name}\``);
  });

  it('shows a required field with its type and bounds', () => {
    expect(page).toContain('| `score` | integer | required | 1..5 |');
    expect(page).toContain('| `responseTimeMs` | integer | required | >= 0 |');
    expect(page).toContain('| `status` | enum | required | `online`, `busy`, `away`, `offline` |');
  });

  it('shows an optional field with its bounds', () => {
    expect(page).toContain('| `comment` | string | optional | <= 4,000 chars |');
    expect(page).toContain('| `inputTokens` | integer | optional | 0..2,000,000,000 |');
  });

  it('says which envelope fields each event requires, from the catalog', () => {
    expect(page).toContain('| `channel` | string | for `session.start` | 1..32 chars |');
    expect(page).toContain('From: `agent_workbench`. Envelope: `sessionId`, `agentId` required.');
  });

  it('states the rules JSON Schema cannot, from the refinements', () => {
    expect(page).toContain('Also: model or botId is required.');
  });

  it('takes the envelope limits from their constants', () => {
    expect(page).toContain('more than 5 minutes in the future');
    expect(page).toContain('At most 32 KiB serialized.');
  });
});

describe('the catalog', () => {
  /** The fields of an object schema (a refined one keeps its shape underneath), with their descriptions. */
  const described = (schema: z.ZodType) => {
    const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, { description?: string }> };
    return Object.entries(json.properties ?? {}).map(([key, node]) => [key, node.description ?? ''] as const);
  };

  it('describes every data field of every event, and every envelope field', () => {
    const missing = [
      ...eventNames.flatMap((name) => described(eventCatalog[name].data).flatMap(([key, d]) => (d ? [] : [`${name}.${key}`]))),
      ...described(EventInputSchema).flatMap(([key, d]) => (d ? [] : [`envelope.${key}`])),
    ];
    expect(missing).toEqual([]);
  });

  it('says who sends each event and what it records', () => {
    for (const name of eventNames) {
      expect(eventCatalog[name].from.length, name).toBeGreaterThan(0);
      expect(eventCatalog[name].about.length, name).toBeGreaterThan(10);
    }
  });
});
