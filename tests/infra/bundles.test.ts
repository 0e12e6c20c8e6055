import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { FUNCTIONS, type FunctionId } from '../../functions/catalog.ts';
import { BUNDLE_OPTIONS } from '../../infra/bundling.ts';
import { repoPath } from '../../infra/paths.ts';

const run = promisify(execFile);
const dir = await mkdtemp(join(tmpdir(), 'pole-bundles-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('every function bundles as the stack deploys it', { timeout: 120_000 }, () => {
  it('one esbuild call with BUNDLE_OPTIONS (infra/bundling.ts); each bundle loads and exports its handler; no table, no store', async () => {
    const ids = Object.keys(FUNCTIONS) as FunctionId[];
    const entryPoints = Object.fromEntries(ids.map((id) => [id, repoPath(FUNCTIONS[id].entry)]));
    const result = await build({
      ...BUNDLE_OPTIONS,
      entryPoints,
      outdir: dir,
      outExtension: { '.js': '.mjs' },
      metafile: true,
      logLevel: 'silent',
    });
    expect(result.errors).toEqual([]);
    // Loaded by plain Node, as Lambda would (not through the test runner's module loader), with
    // nothing configured: a function reads its configuration when it runs, not when it loads.
    const urls = ids.map((id) => [id, pathToFileURL(resolve(dir, `${id}.mjs`)).href]);
    const script = `const out = {}; for (const [id, url] of ${JSON.stringify(urls)}) out[id] = typeof (await import(url)).handler; console.log(JSON.stringify(out));`;
    const { stdout } = await run(process.execPath, ['--enable-source-maps', '--input-type=module', '-e', script], {
      env: { PATH: process.env.PATH, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    expect(JSON.parse(stdout)).toEqual(Object.fromEntries(ids.map((id) => [id, 'function'])));
    // A function the catalog keeps away from the table (table: 'none') carries no code that reads it.
    for (const id of ids.filter((i) => FUNCTIONS[i].table === 'none')) {
      const output = result.metafile.outputs[Object.keys(result.metafile.outputs).find((o) => o.endsWith(`/${id}.mjs`))!]!;
      expect(
        Object.keys(output.inputs).filter((input) => input.startsWith('store/')),
        id,
      ).toEqual([]);
    }
    // What only the embedded runtime uses (local/dynamo-clients.ts: injected throttling, its sockets) stays out of what is deployed.
    const markers = ['throttleNext', 'capacity (injected)', 'maxSockets:256'];
    const found = await Promise.all(
      ids.map(async (id) => {
        const code = await readFile(resolve(dir, `${id}.mjs`), 'utf8');
        return markers.filter((m) => code.includes(m)).map((m) => `${id}: ${m}`);
      }),
    );
    expect(found.flat()).toEqual([]);
  });
});
