// Signing in through the sign-in page, as a person would.
import type { Page } from 'playwright-core';
import { password, users, type UserKind } from './workbench-server.ts';

/** Fills the sign-in form on the current page and waits to leave it. */
export async function fillSignIn(page: Page, who: UserKind): Promise<void> {
  await page.locator('input[name="username"]').fill(users[who]);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('form button[type="submit"]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

/** Opens `path` signed in as `who` (signing in on the way when the context has no session yet). */
export async function openAs(page: Page, who: UserKind, path: string): Promise<void> {
  await page.goto(path);
  // The app decides after asking who is signed in: either the page's frame or the sign-in form appears.
  await page.waitForSelector('main .page, form input[name="username"]');
  if (new URL(page.url()).pathname.startsWith('/sign-in')) {
    await fillSignIn(page, who);
    await page.waitForSelector('main .page');
  }
}
