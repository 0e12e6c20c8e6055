import { chmod, mkdir } from 'node:fs/promises';

/** Owner-only permissions: the data folder holds the whole table, the outbox live survey links. */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates `dir` readable by its owner only (0700), tightening a folder an earlier version left open. */
export async function privateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  await chmod(dir, PRIVATE_DIR_MODE);
}
