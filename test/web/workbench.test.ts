// The workbench in headless Chromium against the real server (embedded default, seeded through the ingest route):
// sign-in, every page's figures against the API's answer for the same call, drill-down, audit paging/search/filters
// and review, CSV exports, languages, roles, and accessibility (axe-core).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { QualityRecordsPage, QualitySummary } from '../../domain/quality/models.ts';
import type { ChannelStats, RealtimeOverview } from '../../domain/realtime/models.ts';
import type { BillingUsage, Quota, Roi } from '../../domain/billing/models.ts';
import type { TodayStats, Trend } from '../../domain/stats/models.ts';
import { formatFigure } from '../../web/src/figures/figure-kinds.ts';
import { createFormatters } from '../../web/src/format/formatters.ts';
import { browserAvailable, launchBrowser, newContext, screenshot, seriousViolations } from './support/browser.ts';
import { byTestId, download, textOf, until } from './support/page-helpers.ts';
import { seed } from './support/seed-events.ts';
import { fillSignIn, openAs } from './support/sign-in.ts';
import { startWorkbenchServer, type WorkbenchServer } from './support/workbench-server.ts';

let server: WorkbenchServer;
let browser: Browser;
let admin: BrowserContext;
let page: Page;

// A browser, a server and argon2 sign-ins share two cores with the rest of the suite: generous step limits.
vi.setConfig({ testTimeout: 60_000 });
const suite = browserAvailable() ? describe : describe.skip;

beforeAll(async () => {
  if (!browserAvailable()) return;
  server = await startWorkbenchServer();
  await seed(server);
  browser = await launchBrowser();
  admin = await newContext(browser, server.url, 'en-US');
  page = await admin.newPage();
  await openAs(page, 'admin', '/monitoring');
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The page's English formatters (numbers only: instants are not compared). */
const en = () => createFormatters('en');

/** Clicks each count and checks the list it opens has exactly that many sessions (all on screen up to 50). */
async function expectCountsOpenTheirSessions(p: Page, ids: readonly string[]): Promise<void> {
  for (const id of ids) {
    await p.waitForSelector(`[data-testid="${id}"]`);
    const shown = Number((await textOf(p, id)).replace(/\D/g, ''));
    await byTestId(p, id).click();
    await p.waitForSelector('[data-testid="drill-dialog"] [data-testid="drill-total"], [data-testid="drill-dialog"] .state-empty', {
      state: 'attached',
    });
    const total = shown === 0 ? 0 : Number(await byTestId(p, 'drill-total').textContent());
    expect(total, id).toBe(shown);
    if (shown > 0) expect(await byTestId(p, 'drill-table').locator('tbody tr').count(), id).toBe(Math.min(shown, 50));
    await p.keyboard.press('Escape');
    await p.waitForSelector('[data-testid="drill-dialog"]', { state: 'detached' });
  }
}

suite('sign-in', () => {
  it('sends a signed-out visit to sign-in and back to the page it asked for', async () => {
    const context = await newContext(browser, server.url, 'en-US');
    const p = await context.newPage();
    await p.goto('/audit?source=manual');
    await p.waitForURL(/\/sign-in\?next=/);
    await fillSignIn(p, 'supervisor');
    await p.waitForSelector('[data-testid="audit-page"]');
    expect(new URL(p.url()).pathname + new URL(p.url()).search).toBe('/audit?source=manual');
    expect(await textOf(p, 'who')).toContain('sam.supervisor');
    await context.close();
  });

  it('says plainly when the password is wrong', async () => {
    const context = await newContext(browser, server.url, 'en-US');
    const p = await context.newPage();
    await p.goto('/sign-in');
    await p.locator('input[name="username"]').fill('alice.admin');
    await p.locator('input[name="password"]').fill('not the password');
    await p.locator('form button[type="submit"]').click();
    await expect.poll(() => p.locator('[role="alert"]').textContent()).toContain('Wrong username or password');
    await context.close();
  });
});

suite('Monitoring', () => {
  it('shows the figures realtime.overview and realtime.channels answer', async () => {
    await openAs(page, 'admin', '/monitoring');
    await page.waitForSelector('[data-testid="live-sessions-value"]');
    const o = await server.api<RealtimeOverview>('realtime/overview');
    const f = en();
    expect(await textOf(page, 'live-sessions-value')).toBe(f.count(o.today.sessions));
    expect(await textOf(page, 'live-active-value')).toBe(f.count(o.activeSessions));
    expect(await textOf(page, 'live-queue-value')).toBe(f.count(o.queue.length));
    expect(await textOf(page, 'live-ai-rate-value')).toBe(f.percent(o.today.aiResolutionRate));
    expect(await textOf(page, 'live-csat-value')).toBe(f.percent(o.today.satisfaction.csat));
    expect(await textOf(page, 'live-agents-online')).toBe(f.count(o.agents.online));
    expect(await textOf(page, 'live-agents-busy')).toBe(f.count(o.agents.busy));
    expect(await byTestId(page, 'queue-table').locator('tbody tr').count()).toBe(o.queue.sessions.length);
    const c = await server.api<ChannelStats>('realtime/channels');
    for (const ch of c.channels) expect(await textOf(page, `channel-${ch.channel}-today`)).toBe(f.count(ch.sessionsToday));
    expect(await textOf(page, 'last-updated')).toMatch(/Updated/);
  });

  it('opens exactly the sessions behind a clicked count', async () => {
    await openAs(page, 'admin', '/monitoring');
    await expectCountsOpenTheirSessions(page, ['live-sessions-value', 'live-queue-value', 'live-ai-resolved-value', 'channel-web-today']);
  });
});

suite('Dashboard', () => {
  it('shows the figures stats.today and stats.trend answer, each with its change and cohort', async () => {
    await openAs(page, 'admin', '/dashboard');
    await page.waitForSelector('[data-testid="today-sessions-value"]');
    const today = await server.api<TodayStats>('stats/today');
    const f = en();
    for (const key of ['sessions', 'ended', 'aiResolved', 'agentHandled', 'abandoned', 'aiResolutionRate', 'satisfaction.csat'] as const) {
      const fig = today.figures.find((x) => x.key === key)!;
      expect(await textOf(page, `today-${key}-value`), key).toBe(formatFigure(f, key, fig.value));
      // The previous value is on hover (title), the cohort under the card.
      expect(await byTestId(page, `today-${key}`).locator('[title]').first().getAttribute('title'), key).toContain(
        formatFigure(f, key, fig.previous),
      );
      expect(await textOf(page, `today-${key}`), key).toMatch(/Counts sessions/);
    }
    await byTestId(page, 'range-30').click();
    await page.waitForURL(/days=30/);
    const trend = await server.api<Trend>('stats/trend', { days: 30 });
    await until(() => textOf(page, 'range-sessions-value'), formatFigure(f, 'sessions', trend.figures.find((x) => x.key === 'sessions')!.value));
    for (const fig of trend.figures.filter((x) => ['sessions', 'ended', 'aiResolved', 'transferred'].includes(x.key))) {
      expect(await textOf(page, `range-${fig.key}-value`), fig.key).toBe(formatFigure(f, fig.key, fig.value));
    }
    expect(await textOf(page, 'split-aiResolved')).toBe(f.count(trend.totals.aiResolved));
    const csv = await download(page, byTestId(page, 'csv-stats/trend'));
    const [header, ...lines] = csv
      .trim()
      .split('\r\n')
      .map((l) => l.split(','));
    expect(lines).toHaveLength(trend.rows.length);
    const col = (name: string) => header!.indexOf(name);
    // The workbench asks for its page's language (lang=en): the header is in English.
    const fromCsv = lines.map((l) => [l[col('Day')], Number(l[col('Sessions')]), Number(l[col('Ended')])]);
    expect(fromCsv).toEqual(trend.rows.map((r) => [r.day, r.sessions, r.ended]));
  });

  it('shows a cost per AI-resolved session with unpriced tokens as unknown (never 0), why, and a link to price them', async () => {
    await openAs(page, 'admin', '/dashboard?days=7');
    await page.waitForSelector('[data-testid="cost-per-ai"]');
    const details = new URL((await byTestId(page, 'cost-panel').getByRole('link', { name: 'Billing details' }).getAttribute('href'))!, server.url);
    const roi = await server.api<Roi>('billing/roi', { from: details.searchParams.get('from')!, to: details.searchParams.get('to')! });
    expect([roi.costPerAiResolved, roi.fullyLoadedCostPerAiResolved]).toEqual([null, null]); // mystery-model has no price
    const f = en();
    for (const id of ['cost-per-ai', 'cost-fully-loaded']) {
      expect(await textOf(page, id), id).toMatch(/^unknown/);
      expect((await textOf(page, id)).split(' '), id).not.toContain(f.money(0, roi.currency));
    }
    expect(await textOf(page, 'cost-fully-loaded')).toContain(f.money(roi.knownFullyLoadedCostPerAiResolved!, roi.currency));
    expect(await textOf(page, 'cost-unknown-note')).toContain(`${f.count(roi.unpricedTokens)} tokens have no price`);
    await byTestId(page, 'cost-set-price').first().click();
    await byTestId(page, 'price-dialog').waitFor();
    expect(page.url()).toContain('setPrice=model%3Amystery-model');
    await page.keyboard.press('Escape');
  });

  it('opens exactly the sessions behind a clicked count, and its timeline', async () => {
    await openAs(page, 'admin', '/dashboard?days=7');
    await expectCountsOpenTheirSessions(page, [
      'today-sessions-value',
      'today-aiResolved-value',
      'today-abandoned-value',
      'range-ended-value',
      'split-agentHandled',
      'satisfaction-total',
    ]);
    // The list's CSV holds the rows shown; a row opens the session's timeline.
    await byTestId(page, 'today-sessions-value').click();
    await page.waitForSelector('[data-testid="drill-table"]');
    const shown = await byTestId(page, 'drill-table').locator('tbody tr button').allInnerTexts();
    const csv = await download(page, byTestId(page, 'drill-dialog').locator('[data-testid="csv-sessions/list"]'));
    for (const sessionId of shown) expect(csv).toContain(sessionId);
    await page.locator('[data-testid="drill-table"] tbody tr button').first().click();
    await page.waitForSelector('[data-testid="session-dialog"] [data-testid="session-detail"] .timeline li');
  });
});

suite('Quality audit', () => {
  it('pages the records on the server, with the pager and the URL in step', async () => {
    const all = await server.api<QualityRecordsPage>('quality/records', { size: 20 });
    await openAs(page, 'admin', '/audit');
    await page.waitForSelector('[data-testid="records-table"]');
    expect(await byTestId(page, 'records-table').locator('tbody tr').count()).toBe(Math.min(all.total, 20));
    await byTestId(page, 'pager-next').click();
    await page.waitForURL(/page=2/);
    await until(async () => byTestId(page, 'records-table').locator('tbody tr').count(), all.total - 20);
    expect(await byTestId(page, 'records-table').locator('tbody tr').count()).toBe(all.total - 20);
  });

  it('searches by issue code and filters several values at once, kept in a shareable URL', async () => {
    await openAs(page, 'admin', '/audit');
    await byTestId(page, 'audit-search').fill('queue_wait');
    await byTestId(page, 'audit-search').press('Enter');
    await page.waitForURL(/search=queue_wait/);
    await until(async () => byTestId(page, 'records-table').locator('tbody tr').count(), 1);
    expect(await byTestId(page, 'records-table').locator('tbody tr').first().getAttribute('data-session')).toBe('s-today-2');

    // A shared link with two channels selected shows what the API answers for both.
    const expected = await server.api<QualityRecordsPage>('quality/records', { channel: ['app', 'whatsapp'] });
    await page.goto('/audit?channel=app&channel=whatsapp');
    await page.waitForSelector('[data-testid="records-table"]');
    await until(async () => byTestId(page, 'records-table').locator('tbody tr').count(), expected.items.length);
    const sessions = await byTestId(page, 'records-table')
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-session')));
    expect(sessions.sort()).toEqual(expected.items.map((r) => r.sessionId).sort());
    await byTestId(page, 'filter-channel').locator('summary').click();
    expect(await byTestId(page, 'filter-channel').locator('input:checked').count()).toBe(2);
  });

  it('re-scores an audit in the review dialog and the summary moves', async () => {
    const before = await server.api<QualitySummary>('quality/summary');
    await openAs(page, 'admin', '/audit?search=s-today-3');
    await page.locator('[data-testid="records-table"] tbody tr button').first().click();
    await page.waitForSelector('[data-testid="review-dialog"] [data-testid="audit-detail"]');
    await byTestId(page, 'review-score').fill('85');
    await byTestId(page, 'review-note-input').fill('Rating came from a delivery delay, not the bot');
    await byTestId(page, 'review-submit').click();
    await page.waitForSelector('[data-testid="review-saved"]');
    const after = await server.api<QualitySummary>('quality/summary');
    expect(after.reviewed).toBe(before.reviewed + 1);
    expect(after.meanScore).not.toBe(before.meanScore);
    await page.keyboard.press('Escape');
    const f = en();
    await until(() => textOf(page, 'audit-mean-value'), f.decimal(after.meanScore, 1));
    expect(await textOf(page, 'audit-mean-value')).toBe(f.decimal(after.meanScore, 1));
  });

  it('exports the records table as a CSV holding its rows', async () => {
    await openAs(page, 'admin', '/audit');
    await page.waitForSelector('[data-testid="records-table"]');
    const shown = await byTestId(page, 'records-table')
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-session')));
    const csv = await download(page, byTestId(page, 'csv-quality/records'));
    expect(csv.split('\r\n')[0]).toMatch(/^\uFEFF?Audit ID,Session ID,/);
    for (const sessionId of shown) expect(csv).toContain(sessionId!);
  });
});

suite('Billing', () => {
  it('shows the quota, unpriced tokens as "no price" (never 0) and the usage CSV', async () => {
    await openAs(page, 'admin', '/billing');
    await page.waitForSelector('[data-testid="quota-used"]');
    const quota = await server.api<Quota>('billing/quota');
    const f = en();
    expect(await textOf(page, 'quota-used')).toContain(f.count(quota.used));
    expect(await byTestId(page, 'quota-warning').count()).toBe(quota.thresholdsCrossed.length ? 1 : 0);
    const noPrice = page.locator('[data-testid="usage-model-table"] tr', { hasText: 'mystery-model' });
    expect(await noPrice.textContent()).toContain('no price');
    expect(await byTestId(page, 'set-price').count()).toBeGreaterThan(0);
    const usage = await server.api<BillingUsage>('billing/usage');
    const csv = await download(page, byTestId(page, 'usage-day-panel').locator('[data-testid="csv-billing/usage"]'));
    for (const row of usage.rows) expect(csv).toContain(`${row.day},${row.kind},${row.name}`);
    expect(csv).toMatch(/mystery-model,300,100,400,,/);
  });

  it('shows ROI with unpriced tokens as unknown, never 0: its known part beside it and why', async () => {
    await openAs(page, 'admin', '/billing');
    await page.waitForSelector('[data-testid="roi-cost"]');
    const roi = await server.api<Roi>('billing/roi');
    expect([roi.cost, roi.net, roi.roi]).toEqual([null, null, null]);
    const f = en();
    for (const id of ['roi-cost', 'roi-net', 'roi-value', 'roi-cost-per-ai', 'roi-fully-loaded']) {
      expect(await textOf(page, id), id).toMatch(/^unknown/);
      expect((await textOf(page, id)).split(' '), id).not.toContain(f.money(0, roi.currency));
    }
    expect(await textOf(page, 'roi-cost')).toContain(f.money(roi.knownCost, roi.currency));
    expect(await textOf(page, 'roi-formula')).toContain('token cost = unknown');
    expect(await byTestId(page, 'roi-panel').getByTestId('cost-set-price').count()).toBe(roi.unknownCostSubjects.length);
  });

  it('lets an admin change the plan and price an unpriced model, for real', async () => {
    await openAs(page, 'admin', '/billing');
    await page.waitForSelector('[data-testid="plan-panel"] input[type="radio"]');
    await page.locator('[data-testid="plan-panel"] label', { hasText: 'Growth' }).click();
    await byTestId(page, 'plan-submit').click();
    await page.waitForSelector('[data-testid="plan-saved"]');
    const quota = await server.api<Quota>('billing/quota');
    expect(quota.planId).toBe('growth');
    await until(async () => (await textOf(page, 'quota-panel')).includes('Growth'), true);
    expect(await byTestId(page, 'quota-warning').count()).toBe(quota.thresholdsCrossed.length ? 1 : 0);

    await byTestId(page, 'set-price').first().click();
    const dialog = byTestId(page, 'price-dialog');
    await dialog.getByLabel('Input, per million tokens').fill('1.5');
    await dialog.getByLabel('Output, per million tokens').fill('6');
    await dialog.getByLabel('Currency (e.g. CNY)').fill('CNY');
    await dialog.getByLabel('Valid from (empty: now)').fill('2020-01-01T00:00');
    await dialog.locator('button[type="submit"]').click();
    await byTestId(page, 'price-dialog').waitFor({ state: 'detached' });
    const usage = await server.api<BillingUsage>('billing/usage');
    expect(usage.unpricedTokens).toBe(0);
    await until(async () => byTestId(page, 'no-price').count(), 0);
    expect(await byTestId(page, 'no-price').count()).toBe(0);
  });

  it('refuses billing to an agent: no link, a plain refusal, and 403 from the API', async () => {
    const context = await newContext(browser, server.url, 'en-US');
    const p = await context.newPage();
    await openAs(p, 'agent', '/monitoring');
    expect(await p.locator('nav a', { hasText: 'Billing' }).count()).toBe(0);
    expect(await byTestId(p, 'burn-down').count()).toBe(0);
    await p.goto('/billing');
    await p.waitForSelector('[data-testid="forbidden"]');
    const status = await p.evaluate(async () => (await fetch('/api/analytics/billing/quota')).status);
    expect(status).toBe(403);
    await context.close();
  });
});

suite('languages', () => {
  it('starts in Chinese when the browser prefers it and switches to English', async () => {
    const context = await newContext(browser, server.url, 'zh-CN');
    const p = await context.newPage();
    await openAs(p, 'admin', '/monitoring');
    expect(await p.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await p.locator('h1').textContent()).toBe('实时监控');
    await byTestId(p, 'language').selectOption('en');
    await expect.poll(() => p.locator('h1').textContent()).toBe('Monitoring');
    await p.reload();
    await p.waitForSelector('main .page');
    expect(await p.locator('h1').textContent()).toBe('Monitoring');
    await context.close();
  });
});

suite('accessibility and screenshots', () => {
  const pages = ['/monitoring', '/dashboard', '/audit', '/billing'];
  for (const locale of ['en-US', 'zh-CN'] as const) {
    for (const size of ['laptop', 'wall'] as const) {
      it(`has no serious or critical axe violation (${locale}, ${size})`, async () => {
        const context = await newContext(browser, server.url, locale, size);
        const p = await context.newPage();
        // On the wall size, Monitoring is shown in its wall layout, as a TV across the room would show it.
        for (const path of pages.map((x) => (size === 'wall' && x === '/monitoring' ? '/monitoring?wall=1' : x))) {
          await openAs(p, 'admin', path);
          await p.waitForLoadState('networkidle');
          await p.waitForTimeout(400);
          await screenshot(p, `${path.slice(1).replace(/\?.*/, '')}-${locale}-${size}`);
          expect(await seriousViolations(p), `${path} ${locale} ${size}`).toEqual([]);
        }
        await context.close();
      }, 90_000);
    }
  }
});
