import { afterAll, beforeAll } from 'vitest';
import { type Browser } from 'playwright-core';
import { launchBrowser } from './chromium.ts';

/**
 * An office that `start` gives and a Chromium, for the tests of one file: started before them (seeding an office
 * takes long, hence the 120 s) and closed after. As vitest runs after hooks in reverse (sequence.hooks 'stack'), a
 * file's own beforeAll registered after this finds both started, and its own afterAll runs before they close.
 */
export function officeInBrowser<O extends { close(): Promise<void> }>(start: () => Promise<O>): { readonly office: O; readonly browser: Browser } {
  let office: O | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    office = await start();
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    // The browser first, as its pages talk to the office; the one's failure to close leaves the other still closed.
    try {
      await browser?.close();
    } finally {
      await office?.close();
    }
  });
  // Read at load time (outside hooks and tests) they do not exist yet: say so rather than hand on undefined.
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the office and its browser start before the tests: read them within hooks and tests');
    return value;
  };
  return {
    get office() {
      return started(office);
    },
    get browser() {
      return started(browser);
    },
  };
}
