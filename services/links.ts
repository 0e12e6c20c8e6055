import { publicBaseUrl } from '../ports/config.ts';

/**
 * Where a pôle's pages are reached — where the links in its mails lead (docs/day-one.md#links-in-mails):
 * the address of its set-up if it has one, else the deployment's (the stack's pole:publicBaseUrl,
 * else the HTTP API's own URL; the embedded runtime's address locally). Never a default localhost
 * in AWS: the stack always sets the deployment's.
 */
export const pageBaseUrl = (pole: { publicBaseUrl?: string }): string => pole.publicBaseUrl ?? publicBaseUrl();
