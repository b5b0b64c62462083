// The session drill-down in headless Chromium against the real server (embedded default): a session's token usage
// priced at each usage's instant, its cost "unknown" (never $0.00) while a usage has no price, its audits found by
// its exact id, and its agent first response counted from the transfer, as sessions.get answers them.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SessionDetail } from '../../domain/sessions/models.ts';
import { createFormatters } from '../../web/src/format/formatters.ts';
import { browserAvailable, launchBrowser, newContext } from './support/browser.ts';
import { byTestId, textOf } from './support/page-helpers.ts';
import { openAs } from './support/sign-in.ts';
import { startWorkbenchServer, type WorkbenchServer } from './support/workbench-server.ts';

let server: WorkbenchServer;
let browser: Browser;
let admin: BrowserContext;
let page: Page;

vi.setConfig({ testTimeout: 60_000 });
const suite = browserAvailable() ? describe : describe.skip;
const minute = 60_000;
const ago = (minutes: number) => new Date(Date.now() - minutes * minute).toISOString();

beforeAll(async () => {
  if (!browserAvailable()) return;
  server = await startWorkbenchServer();
  await server.post('billing/setPrice', { model: 'gpt-x', inputPerMillion: '1', outputPerMillion: '2', currency: 'CNY', effectiveFrom: ago(600) });
  const session = (id: string, usage: { model: string; n: number }[]) => [
    { name: 'session.start', sessionId: id, channel: 'web', occurredAt: ago(30) },
    { name: 'message.agent', sessionId: id, agentId: 'ag1', occurredAt: ago(29) },
    { name: 'session.transfer', sessionId: id, occurredAt: ago(28), data: { toAgentId: 'ag1' } },
    { name: 'message.agent', sessionId: id, agentId: 'ag1', occurredAt: ago(27) },
    ...usage.map((u, i) => ({
      name: 'llm.usage',
      sessionId: id,
      occurredAt: ago(26 - i),
      data: { usageId: `${id}-${i}`, model: u.model, inputTokens: u.n, outputTokens: u.n },
    })),
    { name: 'session.end', sessionId: id, occurredAt: ago(20) },
  ];
  await server.post('ingest/track', {
    events: [
      ...session('w1', [
        { model: 'gpt-x', n: 1000 },
        { model: 'gpt-none', n: 50 },
      ]),
      ...session('w10', [{ model: 'gpt-x', n: 2000 }]),
    ],
  });
  await server.services.sinks.drain();
  await server.post('quality/create', { sessionId: 'w1', score: 60 });
  await server.post('quality/create', { sessionId: 'w10', score: 95 });
  browser = await launchBrowser();
  admin = await newContext(browser, server.url, 'en-US');
  page = await admin.newPage();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

suite('Session drill-down', () => {
  it('shows each usage, the cost as unknown while a usage has no price, and the session’s own audits', async () => {
    const api = await server.api<SessionDetail>('sessions/get', { sessionId: 'w1' });
    await openAs(page, 'admin', '/monitoring?session=w1');
    await page.waitForSelector('[data-testid="session-detail"] [data-testid="session-usage"]');
    const f = createFormatters('en');
    const cost = await textOf(page, 'session-cost');
    expect(cost).toMatch(/^unknown/);
    expect(cost).toContain(`${f.count(api.usage!.totals.unpricedTokens)} tokens have no price`);
    expect(cost).toContain(f.money(api.usage!.totals.knownCosts[0]!.cost, 'CNY'));
    expect(cost.split(' ')).not.toContain(f.money(0, 'CNY'));
    expect(await byTestId(page, 'session-usage').locator('tbody tr').count()).toBe(2);
    expect(await byTestId(page, 'session-usage').locator('tbody tr').nth(1).textContent()).toContain('no price: unknown');
    expect(await byTestId(page, 'session-audits').locator('li').count()).toBe(1);
    expect(await textOf(page, 'session-audits')).toContain('60');
    expect(await textOf(page, 'session-detail')).toContain(f.duration(api.session.agentFirstResponseMs));
    expect(api.session.agentFirstResponseMs).toBe(minute);
  });

  it('shows a wholly priced session’s cost', async () => {
    const api = await server.api<SessionDetail>('sessions/get', { sessionId: 'w10' });
    await openAs(page, 'admin', '/monitoring?session=w10');
    await page.waitForSelector('[data-testid="session-detail"] [data-testid="session-usage"]');
    expect(api.usage!.totals).toMatchObject({ cost: '0.006000', currency: 'CNY' });
    expect(await textOf(page, 'session-cost')).toBe(createFormatters('en').money('0.006000', 'CNY'));
  });
});
