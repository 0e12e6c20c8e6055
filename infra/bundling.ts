import type { BuildOptions } from 'esbuild';

/** The Node.js major version every function runs on in AWS (Lambda's `nodejs<major>.x` runtime). */
export const LAMBDA_NODE_MAJOR = 24;

/** The Lambda runtime's name, as CloudFormation writes it. */
export const LAMBDA_RUNTIME_NAME = `nodejs${LAMBDA_NODE_MAJOR}.x`;

/**
 * How every function is bundled, in esbuild's own terms: infra/pole-function.ts deploys with these
 * options (through NodejsFunction's bundling settings), and tests/infra/bundles.test.ts and
 * bench/cold-start.ts build with this same object, so that what is tested and measured is what
 * is deployed. Callers add only where the output goes and how much esbuild says.
 */
export const BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  // The runtime's own Node: nothing is lowered for an older one.
  target: `node${LAMBDA_NODE_MAJOR}`,
  // Prefer packages' ESM builds: better tree shaking.
  mainFields: ['module', 'main'],
  // Some dependencies still call `require()`, which an ES module does not define.
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  minify: true,
  // Error names are what Step Functions' Retry/Catch match and what admins read: keep them.
  keepNames: true,
  sourcemap: true,
  // Stack traces need the mappings, not a second copy of the sources.
  sourcesContent: false,
} as const satisfies BuildOptions;

/** The environment every function starts with, before the variables of the concerns it uses (ports/config.ts). */
export const BASE_ENVIRONMENT = {
  NODE_OPTIONS: '--enable-source-maps',
  POWERTOOLS_SERVICE_NAME: 'pole-workflows',
  POWERTOOLS_LOG_LEVEL: 'INFO',
} as const;
