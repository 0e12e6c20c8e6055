import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's Chromium (tests/support/ensure-chromium.sh installs it), driven by playwright-core, headless and quiet. */
const CHROMIUM = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ],
};

export interface BrowserPage {
  browser: Browser;
  page: Page;
  /** Script errors and Content-Security-Policy violations the page reported: a test expects none. */
  errors: string[];
}

export const launchChromium = (): Promise<Browser> => chromium.launch(CHROMIUM);

/** Records the page's script errors and CSP violations into `errors`. */
export function watchErrors(page: Page, errors: string[]): void {
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/.test(message.text())) errors.push(message.text());
  });
}

/** A French-speaking Chromium page that records its script errors and CSP violations. */
export async function openPage(viewport?: { width: number; height: number }): Promise<BrowserPage> {
  const browser = await launchChromium();
  const page = await browser.newPage({ locale: 'fr-FR', ...(viewport && { viewport }) });
  const errors: string[] = [];
  watchErrors(page, errors);
  return { browser, page, errors };
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical violations on the page as it stands (its source evaluated in the page, outside the CSP). */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(AXE);
  const result = (await page.evaluate('axe.run(document, { resultTypes: ["violations"] })')) as {
    violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
  };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Whether the page fits its viewport's width (no horizontal scrolling). */
export const noHorizontalScroll = (page: Page): Promise<boolean> =>
  page.evaluate('document.documentElement.scrollWidth <= window.innerWidth') as Promise<boolean>;
