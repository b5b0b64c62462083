// The API reference page at /api/analytics/docs: served from this origin only (the service often runs offline), under
// its own Content-Security-Policy, while the rest of the app keeps helmet's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

/** The value of an attribute of every tag of a kind (`<script src=...>`). */
const attributes = (html: string, tag: string, name: string) =>
  [...html.matchAll(new RegExp(`<${tag}\\b[^>]*>`, 'g'))].map((m) => new RegExp(`\\b${name}="([^"]*)"`).exec(m[0])?.[1]);

describe('GET /api/analytics/docs', () => {
  it('answers an HTML page that loads only scripts of this origin, and no inline script', async () => {
    const res = await h.fetch('/api/analytics/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      const src = /\bsrc="([^"]*)"/.exec(attrs!)?.[1];
      if (src !== undefined) expect(new URL(src, h.url).origin).toBe(new URL(h.url).origin);
      // Not a script the browser runs: the reference's configuration (type application/json), empty.
      else expect({ attrs, body }).toMatchObject({ attrs: expect.stringContaining('type="application/json"'), body: '' });
    }
    expect(attributes(html, 'link', 'href').every((href) => href === undefined || href.startsWith('/') || href.startsWith('data:'))).toBe(true);
    expect(html).toContain('/api/analytics/openapi.json');
  });

  it('has a Content-Security-Policy that allows scripts and data from this origin only', async () => {
    const csp = (await h.fetch('/api/analytics/docs')).headers.get('content-security-policy') ?? '';
    const directive = (name: string) =>
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .find(([n]) => n === name)
        ?.slice(1);
    expect(directive('script-src')).toEqual(["'self'"]);
    expect(directive('connect-src')).toEqual(["'self'"]);
    expect(directive('default-src')).toEqual(["'self'"]);
    expect(csp).not.toMatch(/https?:|\*|unsafe-eval/);
  });

  it('serves the script the page references, and the document it reads', async () => {
    const html = await (await h.fetch('/api/analytics/docs')).text();
    const [src] = attributes(html, 'script', 'src').filter(Boolean);
    const script = await h.fetch(src!);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect((await script.text()).length).toBeGreaterThan(100_000);
    expect((await h.fetch('/api/analytics/openapi.json')).status).toBe(200);
  });

  it('leaves the rest of the app under helmet’s policy', async () => {
    const csp = (await h.fetch('/api/analytics/openapi.json')).headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain('upgrade-insecure-requests');
  });
});
