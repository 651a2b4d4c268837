import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ROOT } from './kefu.ts';

/** Debian's Chromium, never a downloaded browser; no background network (the sandbox refuses it). */
export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.KEFU_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}

export interface Viewer {
  locale: 'en-US' | 'zh-CN';
  timezoneId: string;
  phone?: boolean;
  /** The browser a session is recorded with (Your account, People › sessions). */
  userAgent?: string;
}

export async function newContext(browser: Browser, v: Viewer): Promise<BrowserContext> {
  const ctx = await browser.newContext({
    locale: v.locale,
    timezoneId: v.timezoneId,
    viewport: v.phone ? { width: 390, height: 844 } : { width: 1360, height: 860 },
    deviceScaleFactor: 1,
    isMobile: v.phone ?? false,
    hasTouch: v.phone ?? false,
    ...(v.userAgent ? { userAgent: v.userAgent } : {}),
  });
  ctx.setDefaultTimeout(15_000);
  return ctx;
}

const DIR = join(ROOT, 'e2e', 'screenshots');
mkdirSync(DIR, { recursive: true });

/** Saves e2e/screenshots/<spec>-<nn>-<name>.png; the numbering keeps them in story order. */
export function shooter(spec: string) {
  let n = 0;
  return async (page: Page, name: string, fullPage = true) => {
    n += 1;
    await page.waitForLoadState('networkidle').catch(() => undefined);
    // Sticky headers would otherwise be drawn where the page was scrolled to.
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: join(DIR, `${spec}-${String(n).padStart(2, '0')}-${name}.png`), fullPage });
  };
}
