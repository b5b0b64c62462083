// The Monitoring wall is live: a session started through the ingest route moves "Sessions today" on an open page
// within 10 s (docs/metrics.md, "Freshness"), with no reload; and a lost connection is said plainly.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RealtimeOverview } from '../../domain/realtime/models.ts';
import { browserAvailable, launchBrowser, newContext } from './support/browser.ts';
import { byTestId, textOf } from './support/page-helpers.ts';
import { sendEvents } from './support/seed-events.ts';
import { openAs } from './support/sign-in.ts';
import { startWorkbenchServer, type WorkbenchServer } from './support/workbench-server.ts';

let server: WorkbenchServer;
let browser: Browser;

// A browser, a server and argon2 sign-ins share two cores with the rest of the suite: generous step limits.
vi.setConfig({ testTimeout: 60_000 });
const suite = browserAvailable() ? describe : describe.skip;

beforeAll(async () => {
  if (!browserAvailable()) return;
  server = await startWorkbenchServer({ tenantId: 'live' });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const count = (text: string) => Number(text.replace(/\D/g, ''));

suite('Monitoring, live', () => {
  it('moves "Sessions today" within 10 s of the event that changes it', async () => {
    const context = await newContext(browser, server.url);
    const page = await context.newPage();
    await openAs(page, 'supervisor', '/monitoring');
    await page.waitForSelector('[data-testid="live-sessions-value"]');
    const before = count(await textOf(page, 'live-sessions-value'));

    const sent = Date.now();
    await sendEvents(server, [{ name: 'session.start', sessionId: 'live-1', channel: 'web', occurredAt: new Date().toISOString() }]);
    await page.waitForFunction(
      ([id, n]) => Number(document.querySelector(`[data-testid="${id}"]`)?.textContent?.replace(/\D/g, '')) === n,
      ['live-sessions-value', before + 1] as const,
      { timeout: 10_000, polling: 100 },
    );
    const elapsed = Date.now() - sent;
    expect(elapsed).toBeLessThan(10_000);
    expect((await server.api<RealtimeOverview>('realtime/overview')).today.sessions).toBe(before + 1);
    await context.close();
  });

  it('says plainly when the connection is lost, and recovers', async () => {
    const context = await newContext(browser, server.url);
    const page = await context.newPage();
    await openAs(page, 'supervisor', '/monitoring');
    await page.waitForSelector('[data-testid="last-updated"]');
    await context.setOffline(true);
    await page.waitForSelector('[data-testid="connection-lost"]', { timeout: 10_000 });
    expect(await textOf(page, 'connection-lost')).toMatch(/Connection lost/);
    await context.setOffline(false);
    await page.waitForSelector('[data-testid="connection-lost"]', { state: 'detached', timeout: 15_000 });
    expect(await byTestId(page, 'live-sessions-value').count()).toBe(1);
    await context.close();
  });
});
