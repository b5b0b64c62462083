// The API reference page in a real browser: Scalar renders the served document from this origin alone (no CDN,
// no fonts or services elsewhere), under the page's own Content-Security-Policy, without a script error.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../transport/harness.ts';
import { browserAvailable, launchBrowser } from './support/browser.ts';

describe.runIf(browserAvailable())('/api/analytics/docs in Chromium', () => {
  let h: Harness;
  let browser: Browser;
  beforeAll(async () => {
    [h, browser] = await Promise.all([startHarness(), launchBrowser()]);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it('renders every area of the document, asking nothing of another origin', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    const elsewhere: string[] = [];
    page.on('pageerror', (err) => problems.push(String(err)));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`${message.text()} ${message.location().url}`);
    });
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
    });
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(h.url) && !url.startsWith('data:') && !url.startsWith('blob:')) elsewhere.push(url);
    });
    await page.goto(`${h.url}/api/analytics/docs`);
    await page.getByRole('heading', { name: 'cs-analytics', level: 1 }).waitFor({ timeout: 30_000 });
    const sidebar = await page.evaluate(() => document.body.textContent ?? '');
    for (const area of ['auth', 'ingest', 'realtime', 'stats', 'quality', 'billing', 'sessions', 'admin']) expect(sidebar).toContain(area);
    expect(sidebar).not.toContain('Ask AI');
    expect(elsewhere).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);
});
