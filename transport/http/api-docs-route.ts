// The API reference page at /api/analytics/docs: Scalar's reference (@scalar/fastify-api-reference) rendering the
// served OpenAPI document, its browser bundle served from here (no CDN: the service often runs offline). That module
// is 4 MB, so it is loaded at the first request for the bundle, never at start-up; the page itself is a few lines of
// HTML with no inline script, under a Content-Security-Policy of its own that allows only this origin.
import type { FastifyInstance, RouteOptions } from 'fastify';

/** The page's policy: scripts, data and fonts from this origin only; Scalar sets inline styles as the workbench does. */
export const DOCS_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

/** The options Scalar's page reads: offline (no web fonts, no telemetry, no Scalar services). */
const configuration = (openApiUrl: string) => ({
  url: openApiUrl,
  withDefaultFonts: false,
  telemetry: false,
  hideClientButton: true,
  showDeveloperTools: 'never',
  mcp: { disabled: true },
  // "Ask AI" talks to Scalar's hosted agent: not from an analytics service's reference page.
  agent: { disabled: true },
});

const attribute = (value: string) => value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');

/** The page: a mount point whose `data-configuration` Scalar's bundle reads, and the bundle. */
function page(openApiUrl: string, bundleUrl: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>cs-analytics API reference</title>
<link rel="icon" href="data:,">
</head>
<body>
<script id="api-reference" type="application/json" data-configuration="${attribute(JSON.stringify(configuration(openApiUrl)))}"></script>
<script src="${bundleUrl}"></script>
</body>
</html>
`;
}

/**
 * Scalar's browser bundle, as its fastify plugin serves it: the plugin is run against a stand-in scope that keeps the
 * bundle's route, whose handler is then asked for its body once.
 */
async function scalarBundle(): Promise<string> {
  const { default: plugin } = await import('@scalar/fastify-api-reference');
  const routes: RouteOptions[] = [];
  const scope = { route: (route: RouteOptions) => void routes.push(route), log: console } as unknown as FastifyInstance;
  plugin(scope, { configuration: { url: '/openapi.json' } }, (err) => {
    if (err) throw err;
  });
  const route = routes.find((r) => r.url.endsWith('.js'));
  if (!route) throw new Error('@scalar/fastify-api-reference registered no script route');
  let body: unknown;
  const reply = { header: () => reply, send: (sent: unknown) => void (body = sent) };
  await (route.handler as (req: unknown, reply: unknown) => unknown)({}, reply);
  if (typeof body !== 'string') throw new Error('@scalar/fastify-api-reference served no script');
  return body;
}

/** Registers GET `<prefix>/docs` (the page) and `<prefix>/docs/scalar.js` in the plain-JSON scope, public. */
export function apiDocsRoute(api: FastifyInstance, prefix: string): void {
  const html = page(`${prefix}/openapi.json`, `${prefix}/docs/scalar.js`);
  let bundle: Promise<string> | undefined;
  api.get('/docs', async (_req, reply) => reply.header('content-security-policy', DOCS_CSP).type('text/html; charset=utf-8').send(html));
  api.get('/docs/scalar.js', async (_req, reply) => {
    bundle ??= scalarBundle().catch((err: unknown) => {
      bundle = undefined;
      throw err;
    });
    // The bundle changes only with the package: browsers may keep it a day.
    return reply
      .header('cache-control', 'public, max-age=86400')
      .type('application/javascript; charset=utf-8')
      .send(await bundle);
  });
}
