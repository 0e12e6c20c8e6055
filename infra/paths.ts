import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, whatever the working directory (cdk CLI, vitest, an IDE). */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A path given relative to the repository root, as the catalogs write them. */
export const repoPath = (relative: string): string => join(REPO_ROOT, relative);
