import { createHash, randomBytes } from 'node:crypto';

/**
 * The secrets of personal links (survey answers, an applicant's confirmation and status pages):
 * 128 random bits in the link, only their SHA-256 in the table. Whoever reads the table cannot
 * open a link; lookups and comparisons are made on hashes, never on raw tokens.
 */

/** A personal link's secret: 128 random bits, URL-safe. */
export const newToken = (): string => randomBytes(16).toString('base64url');

/** What is stored of a token: its SHA-256, hex. */
export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** A token as it appears in a link (22 base64url characters); anything else is not looked up. */
export const isTokenShaped = (token: string): boolean => /^[A-Za-z0-9_-]{22}$/.test(token);
