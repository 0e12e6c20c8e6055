import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../functions/catalog.ts';
import { repoPath } from '../../infra/paths.ts';

const run = promisify(execFile);
const dir = await mkdtemp(join(tmpdir(), 'pole-bundles-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('every function bundles as the stack deploys it', { timeout: 120_000 }, () => {
  it('one esbuild call, the options of infra/pole-function.ts; each bundle loads and exports its handler', async () => {
    const entryPoints = Object.fromEntries(Object.entries(FUNCTIONS).map(([id, spec]) => [id, repoPath(spec.entry)]));
    const result = await build({
      entryPoints,
      outdir: dir,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      mainFields: ['module', 'main'],
      banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
      minify: true,
      keepNames: true,
      logLevel: 'silent',
    });
    expect(result.errors).toEqual([]);
    // Loaded by plain Node, as Lambda would (not through the test runner's module loader).
    const urls = Object.keys(FUNCTIONS).map((id) => [id, pathToFileURL(resolve(dir, `${id}.mjs`)).href]);
    const script = `const out = {}; for (const [id, url] of ${JSON.stringify(urls)}) out[id] = typeof (await import(url)).handler; console.log(JSON.stringify(out));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, TABLE_NAME: 'bundle-check' },
    });
    expect(JSON.parse(stdout)).toEqual(Object.fromEntries(Object.keys(FUNCTIONS).map((id) => [id, 'function'])));
    // What only the embedded runtime uses (local/dynamo-clients.ts: injected throttling, its sockets) stays out of what is deployed.
    const markers = ['throttleNext', 'capacity (injected)', 'maxSockets:256'];
    const found = await Promise.all(
      Object.keys(FUNCTIONS).map(async (id) => {
        const code = await readFile(resolve(dir, `${id}.mjs`), 'utf8');
        return markers.filter((m) => code.includes(m)).map((m) => `${id}: ${m}`);
      }),
    );
    expect(found.flat()).toEqual([]);
  });
});
