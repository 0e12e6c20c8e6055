import { createHash } from 'node:crypto';
import { escapeHtml, type HtmlPage } from '../../domain/html.ts';
import type { HttpResult } from './http.ts';

export { ADMIN_TOKEN_STORAGE_KEY } from '../../domain/html.ts';

/** A value written into an inline script: JSON, with `<` escaped so that no text can close the script element. */
export const scriptValue = (value: unknown): string => JSON.stringify(value).replaceAll('<', '\\u003c');

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * What the browser may do with a page: its own inline style and script, pinned by their SHA-256
 * (never 'unsafe-inline'), or its files from the API itself ('self'); requests to the API's own
 * origin, nothing else; no framing, no referrer (survey links carry personal tokens), no MIME sniffing.
 */
function securityHeaders(page: HtmlPage): Record<string, string> {
  const sources = (inline: string | undefined) => [...(inline ? [sha256(inline)] : []), ...(page.files ? ["'self'"] : [])].join(' ');
  const scripts = sources(page.script);
  const styles = sources(page.style);
  const policy = [
    "default-src 'none'",
    ...(scripts ? [`script-src ${scripts}`, ["connect-src 'self'", ...(page.connectSrc ?? [])].join(' ')] : []),
    ...(styles ? [`style-src ${styles}`] : []),
    "img-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ];
  return {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': policy.join('; '),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
  };
}

/** Serves an HTML page: a French document around its parts, with the security headers every page gets. */
export function htmlPage(page: HtmlPage): HttpResult {
  const body = `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)}</title>
${page.style ? `<style>${page.style}</style>\n` : ''}${page.files ? `<link rel="stylesheet" href="${escapeHtml(page.files.style)}">\n<script type="module" src="${escapeHtml(page.files.script)}"></script>\n` : ''}</head>
<body>
${page.body}
${page.script ? `<script>${page.script}</script>\n` : ''}</body>
</html>
`;
  return { statusCode: 200, headers: securityHeaders(page), body };
}
