/**
 * The HTML people read (the statement page; the admin, survey and report pages): one shape of
 * page, served by functions/shared/html.ts with the same security headers everywhere.
 */
export interface HtmlPage {
  /** The document's title, as text. */
  title: string;
  /** The page's one style sheet, inline; allowed by its hash, so no `style` attributes anywhere. */
  style: string;
  /** The body's markup, before the script. */
  body: string;
  /** The page's one script, inline, allowed by its hash; it writes text with textContent. */
  script?: string;
  /** Origins the script may call besides the API's own (the sign-in service's token endpoint, in AWS). */
  connectSrc?: readonly string[];
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for HTML content and quoted attribute values. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
