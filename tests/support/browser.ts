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
