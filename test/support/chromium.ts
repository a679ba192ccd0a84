import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless Chromium as a first-time visitor would bring it, and how to put it away again. */
export interface FreshChromium {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * The system Chromium with a fresh user-data-dir: no cache, cookies or storage from earlier
 * runs, and nothing phoning home while a test runs.
 */
export async function launchFreshChromium(viewport: {
  width: number;
  height: number;
}): Promise<FreshChromium> {
  const profile = mkdtempSync(join(tmpdir(), 'taxchain-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * The page's console errors, page errors and answers of 400 or more, as lines appended to the
 * list returned while the page lives; a test empties it (splice) where it starts looking.
 */
export function pageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
  });
  return problems;
}
