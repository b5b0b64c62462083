// Small readers of what the page shows, by test id, and a CSV download reader.
import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';

export const byTestId = (page: Page | Locator, id: string): Locator => page.locator(`[data-testid="${id}"]`);

/** The text of a test id's element, whitespace collapsed. */
export async function textOf(page: Page | Locator, id: string): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: the text as rendered, which callers compare exactly: innerText leaves out hidden parts and breaks between blocks and cells (a space once collapsed), where textContent would run them together
  return ((await byTestId(page, id).first().innerText()) ?? '').replace(/\s+/g, ' ').trim();
}

/** Clicks a download link and returns the file's text. */
export async function download(page: Page, link: Locator): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const path = await file.path();
  return readFile(path, 'utf8');
}

/** Waits until `read` gives `expected` (the page polls and renders asynchronously). */
export async function until<T>(read: () => Promise<T>, expected: T, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (last !== expected && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    last = await read();
  }
  return last;
}
