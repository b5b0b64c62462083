// The Dashboard's custom range in headless Chromium against the real server (embedded default, seeded through the
// ingest route): picking from–to shows `stats.trend`'s and `stats.satisfaction`'s figures for exactly that range and
// its change against the range of equal length before it, kept in the URL; every page, and the session drill-down,
// names the tenant's time zone.
import { DateTime } from 'luxon';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SatisfactionStats, TodayStats, Trend } from '../../domain/stats/models.ts';
import { formatFigure } from '../../web/src/figures/figure-kinds.ts';
import { createFormatters } from '../../web/src/format/formatters.ts';
import { browserAvailable, launchBrowser, newContext } from './support/browser.ts';
import { byTestId, textOf, until } from './support/page-helpers.ts';
import { seed } from './support/seed-events.ts';
import { openAs } from './support/sign-in.ts';
import { startWorkbenchServer, type WorkbenchServer } from './support/workbench-server.ts';

let server: WorkbenchServer;
let browser: Browser;
let admin: BrowserContext;
let page: Page;
/** The tenant's zone and its local today, as the API names them. */
let zone: string;
let today: string;

vi.setConfig({ testTimeout: 60_000 });
const suite = browserAvailable() ? describe : describe.skip;

beforeAll(async () => {
  if (!browserAvailable()) return;
  server = await startWorkbenchServer();
  await seed(server);
  ({ timeZone: zone, day: today } = await server.api<TodayStats>('stats/today'));
  browser = await launchBrowser();
  admin = await newContext(browser, server.url, 'en-US');
  page = await admin.newPage();
  await openAs(page, 'admin', '/dashboard');
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const en = () => createFormatters('en');
const daysAgo = (n: number) => DateTime.fromISO(today).minus({ days: n }).toISODate()!;

/** Fills the Dashboard's custom range and applies it. */
async function pickRange(p: Page, from: string, to: string): Promise<void> {
  const form = byTestId(p, 'custom-range');
  await form.locator('input[type="date"]').nth(0).fill(from);
  await form.locator('input[type="date"]').nth(1).fill(to);
  await form.locator('button[type="submit"]').click();
}

suite('Dashboard custom range', () => {
  it('shows the API’s figures for a picked from–to range, against the range of equal length before it', async () => {
    // Three days ending two days ago: the seeded sessions of 2 and 3 days ago, against the 3 days before (one of 5 days ago).
    const from = daysAgo(4);
    const to = daysAgo(2);
    await openAs(page, 'admin', '/dashboard');
    await page.waitForSelector('[data-testid="range-sessions-value"]');
    await pickRange(page, from, to);
    await page.waitForURL((url) => url.searchParams.get('from') === from && url.searchParams.get('to') === to);
    expect(new URL(page.url()).searchParams.get('days')).toBeNull();

    const trend = await server.api<Trend>('stats/trend', { from, to });
    expect(trend).toMatchObject({ from, to, days: 3, previousFrom: daysAgo(7), previousTo: daysAgo(5) });
    expect(trend.totals.sessions).toBeGreaterThan(0);
    const f = en();
    const fig = (key: string) => trend.figures.find((x) => x.key === key)!;
    await until(() => textOf(page, 'range-sessions-value'), formatFigure(f, 'sessions', fig('sessions').value));
    for (const key of ['sessions', 'ended', 'aiResolved', 'agentHandled', 'abandoned', 'aiResolutionRate', 'transferred'] as const) {
      expect(await textOf(page, `range-${key}-value`), key).toBe(formatFigure(f, key, fig(key).value));
      // The previous range's value is on hover, with the dates of that range.
      const title = await byTestId(page, `range-${key}`).locator('[title]').first().getAttribute('title');
      expect(title, key).toContain(formatFigure(f, key, fig(key).previous));
      expect(title, key).toContain(f.day(trend.previousFrom));
    }
    expect(await textOf(page, 'range-panel')).toContain(`${f.day(from)} – ${f.day(to)}`);
    expect(await textOf(page, 'range-panel')).toContain('Chosen range: 3 days');
    expect(await textOf(page, 'range-sessions')).toContain(`between ${f.day(from)} and ${f.day(to)}`);
    expect(await textOf(page, 'split-aiResolved')).toBe(f.count(trend.totals.aiResolved));

    const satisfaction = await server.api<SatisfactionStats>('stats/satisfaction', { from, to });
    expect(await textOf(page, 'satisfaction-total')).toBe(f.count(satisfaction.satisfaction.total));
    expect(await textOf(page, 'satisfaction-csat')).toBe(f.percent(satisfaction.satisfaction.csat));

    // The CSV is the same range (its header in the page's language).
    const href = await byTestId(page, 'csv-stats/trend').getAttribute('href');
    expect(href).toBe(`/api/analytics/stats/trend.csv?from=${from}&to=${to}&lang=en`);
  });

  it('keeps the range in the URL: a reload shows it again, a preset replaces it', async () => {
    const from = daysAgo(9);
    const to = daysAgo(1);
    await openAs(page, 'admin', `/dashboard?from=${from}&to=${to}`);
    const trend = await server.api<Trend>('stats/trend', { from, to });
    const f = en();
    await until(() => textOf(page, 'range-sessions-value'), formatFigure(f, 'sessions', trend.figures.find((x) => x.key === 'sessions')!.value));
    const inputs = byTestId(page, 'custom-range').locator('input[type="date"]');
    expect([await inputs.nth(0).inputValue(), await inputs.nth(1).inputValue()]).toEqual([from, to]);
    expect(await byTestId(page, 'range-7').getAttribute('aria-pressed')).toBe('false');

    await byTestId(page, 'range-30').click();
    await page.waitForURL(/days=30/);
    expect(new URL(page.url()).searchParams.get('from')).toBeNull();
    const month = await server.api<Trend>('stats/trend', { days: 30 });
    await until(() => textOf(page, 'range-sessions-value'), formatFigure(f, 'sessions', month.figures.find((x) => x.key === 'sessions')!.value));
    // The picker then shows the preset's days, to start a custom range from.
    expect(await inputs.nth(0).inputValue()).toBe(month.from);
  });

  it('refuses a range longer than 366 days before asking the server', async () => {
    await openAs(page, 'admin', '/dashboard?days=7');
    const form = byTestId(page, 'custom-range');
    await form.locator('input[type="date"]').nth(0).fill(daysAgo(366));
    await form.locator('input[type="date"]').nth(1).fill(daysAgo(0));
    expect(await form.locator('button[type="submit"]').isDisabled()).toBe(true);
    expect(await form.locator('[role="alert"]').textContent()).toContain('366 days');
  });
});

suite('the tenant’s time zone', () => {
  it('is named on every page', async () => {
    for (const [path, ready] of [
      ['/monitoring', 'live-sessions-value'],
      ['/dashboard', 'range-sessions-value'],
      ['/audit', 'audit-page'],
      ['/billing', 'billing-page'],
    ] as const) {
      await openAs(page, 'admin', path);
      await page.waitForSelector(`[data-testid="${ready}"]`);
      await page.waitForSelector('.page-head [data-testid="time-zone"]');
      expect(await textOf(page.locator('.page-head'), 'time-zone'), path).toBe(`Days and times in ${zone}`);
    }
  });

  it('is named in the session drill-down: the list and one session', async () => {
    await openAs(page, 'admin', '/dashboard?days=7');
    await page.waitForSelector('[data-testid="today-sessions-value"]');
    await byTestId(page, 'today-sessions-value').click();
    await page.waitForSelector('[data-testid="drill-table"]');
    expect(await textOf(byTestId(page, 'drill-dialog'), 'time-zone')).toBe(`Days and times in ${zone}`);
    await page.locator('[data-testid="drill-table"] tbody tr button').first().click();
    await page.waitForSelector('[data-testid="session-dialog"] [data-testid="session-detail"]');
    expect(await textOf(byTestId(page, 'session-dialog'), 'time-zone')).toBe(`Days and times in ${zone}`);
  });

  it('is named in Chinese on a Chinese page', async () => {
    const context = await newContext(browser, server.url, 'zh-CN');
    const p = await context.newPage();
    await openAs(p, 'supervisor', '/dashboard');
    await p.waitForSelector('.page-head [data-testid="time-zone"]');
    expect(await textOf(p, 'time-zone')).toBe(`日期和时间均按 ${zone} 时区`);
    await context.close();
  });
});
