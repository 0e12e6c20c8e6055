import { createHash } from 'node:crypto';
import { escapeHtml, type HtmlPage } from '../../domain/html.ts';
import type { HttpResult } from './http.ts';

/** Where the admin pages keep the admin's token in the tab (sessionStorage): the report page reuses the admin page's. */
export const ADMIN_TOKEN_STORAGE_KEY = 'poleAdminToken';

/** A value written into an inline script: JSON, with `<` escaped so that no text can close the script element. */
export const scriptValue = (value: unknown): string => JSON.stringify(value).replaceAll('<', '\\u003c');

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * What the browser may do with a page: its own inline style and script, pinned by their SHA-256
 * (never 'unsafe-inline'), requests to the API's own origin, nothing else; no framing, no
 * referrer (survey links carry personal tokens), no MIME sniffing.
 */
function securityHeaders(page: HtmlPage): Record<string, string> {
  const policy = [
    "default-src 'none'",
    ...(page.script ? [`script-src ${sha256(page.script)}`, ["connect-src 'self'", ...(page.connectSrc ?? [])].join(' ')] : []),
    `style-src ${sha256(page.style)}`,
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
<style>${page.style}</style>
</head>
<body>
${page.body}
${page.script ? `<script>${page.script}</script>\n` : ''}</body>
</html>
`;
  return { statusCode: 200, headers: securityHeaders(page), body };
}
