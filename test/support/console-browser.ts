import { Browser, chromium, Page } from 'playwright-core';

/** The machine's Chromium (apt's, with a CJK font), driven headless by playwright-core. */
export const CHROMIUM = '/usr/bin/chromium';

/** Headless Chromium as the console tests run it: no sandbox (root), nothing fetched from outside. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Signs in on the console's login form (any path shows it while signed out) and waits for the header. */
export async function signIn(page: Page, base: string, username: string, password: string): Promise<void> {
  if (page.url() === 'about:blank') await page.goto(`${base}/`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-test=live-state]');
}
