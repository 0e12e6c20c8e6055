/**
 * The HTML people read (the statement page; the back-office, survey and report pages): one shape of
 * page, served by functions/common/html.ts with the same security headers everywhere.
 */
export interface HtmlPage {
  /** The document's title, as text. */
  title: string;
  /** The page's one style sheet, inline; allowed by its hash, so no `style` attributes anywhere. */
  style?: string;
  /** The body's markup, before the script. */
  body: string;
  /** The page's one script, inline, allowed by its hash; it writes text with textContent. */
  script?: string;
  /** Or its script (an ES module) and style sheet as files the API serves itself (the back-office build): allowed as 'self'. */
  files?: { script: string; style: string };
  /** Origins the script may call besides the API's own (the sign-in service's token endpoint, in AWS). */
  connectSrc?: readonly string[];
}

/** Where the admin pages keep the admin's token in the tab (sessionStorage): the back-office and the report page share it. */
export const ADMIN_TOKEN_STORAGE_KEY = 'poleAdminToken';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for HTML content and quoted attribute values. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
