import { buildBackOffice } from '../../web/build.ts';

/** Vitest's global setup: the back-office built once, before any test file serves or bundles it. */
export default async function setup(): Promise<void> {
  await buildBackOffice();
}
