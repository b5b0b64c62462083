// Percentiles say how exact they are on the pages too (issue 16): beside every p50/p90 of Monitoring and the
// Dashboard, a note that it is within 0.5 %, the reason on hover, in the page's language.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { browserAvailable, launchBrowser, newContext } from './support/browser.ts';
import { byTestId } from './support/page-helpers.ts';
import { seed } from './support/seed-events.ts';
import { openAs } from './support/sign-in.ts';
import { startWorkbenchServer, type WorkbenchServer } from './support/workbench-server.ts';

vi.setConfig({ testTimeout: 60_000 });
const suite = browserAvailable() ? describe : describe.skip;

let server: WorkbenchServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  if (!browserAvailable()) return;
  server = await startWorkbenchServer();
  await seed(server);
  browser = await launchBrowser();
  page = await (await newContext(browser, server.url, 'en-US')).newPage();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The note inside `within`, its text and its hover text. */
async function noteIn(within: string): Promise<{ text: string; title: string | null }> {
  const note = byTestId(byTestId(page, within), 'percentile-note');
  await note.waitFor();
  return { text: (await note.textContent()) ?? '', title: await note.getAttribute('title') };
}

suite('the p50/p90 note', () => {
  it('stands beside Monitoring’s AI response median', async () => {
    await openAs(page, 'admin', '/monitoring');
    const note = await noteIn('live-ai-response');
    expect(note.text).toContain('0.5 %');
    expect(note.title).toMatch(/3 significant digits.*within 0\.5 %/);
  });

  it('stands beside every median and p90 card of the Dashboard, and under the trend’s response times, not elsewhere', async () => {
    await page.goto(`${server.url}/dashboard`);
    for (const card of ['today-aiResponseMs.p50', 'today-agentFirstResponseMs.p50']) expect((await noteIn(card)).text).toContain('0.5 %');
    await byTestId(page, 'today-sessions').waitFor();
    expect(await byTestId(byTestId(page, 'today-sessions'), 'percentile-note').count()).toBe(0);
    const trend = byTestId(page, 'trend-panel');
    expect(await byTestId(trend, 'percentile-note').count()).toBe(0);
    await trend.getByRole('button', { name: 'Response times' }).click();
    expect((await noteIn('trend-panel')).text).toContain('0.5 %');
  });
});
