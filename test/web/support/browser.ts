// Headless Debian Chromium driven by playwright-core (never a downloaded browser), plus axe-core and screenshots.
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Whether the browser suites can run here. Under CI the browser is required (a missing one fails the suite);
 * elsewhere the suites skip with a message saying how to install it.
 */
export function browserAvailable(): boolean {
  if (existsSync(chromiumPath) || process.env.CI === 'true') return true;
  console.warn(`browser tests skipped: no Chromium at ${chromiumPath} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
  return false;
}

const args = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args, headless: true });
}

export const viewports = {
  laptop: { width: 1366, height: 768 },
  wall: { width: 1920, height: 1080 },
} as const;

/** A fresh browser context (own cookies) that prefers `locale` (e.g. `en-US`, `zh-CN`). */
export async function newContext(
  browser: Browser,
  baseURL: string,
  locale = 'en-US',
  viewport: keyof typeof viewports = 'laptop',
): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL, locale, viewport: viewports[viewport], acceptDownloads: true, timezoneId: 'UTC' });
  // Fail a step with its own message well before the test's time limit.
  context.setDefaultTimeout(20_000);
  return context;
}

const require = createRequire(import.meta.url);
let axeSource: string | undefined;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string }[];
}

/** axe-core's serious and critical violations on the page as it is now. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  axeSource ??= await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  // Evaluated over the devtools protocol: the page's CSP (script-src 'self') rightly refuses inline scripts.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target, html: n.html })),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** The folder screenshots go to (git-ignored). */
export const screenshotDir = join(process.cwd(), 'screenshots');

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}
