import { mkdir, rename, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BuildOptions, build } from 'esbuild';
import { repoPath } from '../infra/paths.ts';

/** Where the back-office's files are served from (functions/admin/back-office-asset.ts). */
export const ASSETS_PATH = '/admin/assets/';

/** What the back-office page links to: its script and its style sheet, by URL. */
export interface BackOfficePage {
  script: string;
  style: string;
}

/** The built files by name (content-hashed: a name never changes content), served with long cache headers. */
export type BackOfficeAssets = Record<string, { contentType: string; body: string }>;

/** Where the build writes: the JSON modules `#back-office/page` and `#back-office/assets` (package.json `imports`). */
export const OUT_DIR = repoPath('web/dist');

/**
 * The browser build of the back-office, in esbuild's own terms: one entry, its CSS imported by it,
 * names carrying their content hash. The same esbuild the functions are bundled with.
 */
export const WEB_BUILD_OPTIONS = {
  entryPoints: { app: repoPath('web/app/main.ts') },
  bundle: true,
  platform: 'browser',
  format: 'esm',
  // What the staff's browsers run (evergreen Chromium, Firefox ESR, Safari on a tablet).
  target: ['chrome109', 'firefox115', 'safari16'],
  entryNames: '[name]-[hash]',
  minify: true,
  legalComments: 'none',
  charset: 'utf8',
  logLevel: 'silent',
} as const satisfies BuildOptions;

const CONTENT_TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

/** Writes a file whole or not at all: parallel test processes may read it while another build writes it. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, path);
}

/**
 * Builds the back-office (`npm start`, the test setup, `cdk synth`, `npm run build:web`): the page's
 * links and the files themselves, as two JSON modules that the page and asset functions import, so
 * that the embedded runtime and each Lambda bundle serve the same build. Returns what it wrote.
 */
export async function buildBackOffice(
  outDir = OUT_DIR,
): Promise<{ page: BackOfficePage; assets: BackOfficeAssets; inputs: Record<string, number> }> {
  const result = await build({ ...WEB_BUILD_OPTIONS, outdir: join(outDir, 'files'), write: false, metafile: true });
  const assets: BackOfficeAssets = {};
  for (const file of result.outputFiles) {
    const name = basename(file.path);
    const type = CONTENT_TYPES[name.slice(name.lastIndexOf('.'))];
    if (type) assets[name] = { contentType: type, body: file.text };
  }
  const find = (ext: string) => {
    const name = Object.keys(assets).find((n) => n.startsWith('app-') && n.endsWith(ext));
    if (!name) throw new Error(`The back-office build produced no app${ext}`);
    return `${ASSETS_PATH}${name}`;
  };
  const page: BackOfficePage = { script: find('.js'), style: find('.css') };
  await mkdir(outDir, { recursive: true });
  await writeAtomically(join(outDir, 'assets.json'), JSON.stringify(assets));
  await writeAtomically(join(outDir, 'page.json'), JSON.stringify(page));
  // What went into the script, by source file: bytes of minified output (the bundle test's budget).
  const inputs: Record<string, number> = {};
  for (const output of Object.values(result.metafile.outputs))
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) inputs[input] = (inputs[input] ?? 0) + bytesInOutput;
  return { page, assets, inputs };
}

// `tsx web/build.ts`: build, and say what was built.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { assets } = await buildBackOffice();
  for (const [name, { body }] of Object.entries(assets)) console.log(`web/dist: ${name} ${Buffer.byteLength(body)} bytes`);
}
