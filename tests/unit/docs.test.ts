import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const SOURCES = [
  'README.md',
  'docs',
  'domain',
  'store',
  'ports',
  'functions',
  'local',
  'infra',
  'workflows',
  'cli',
  'bin',
  'tests',
  'bench',
];

function filesUnder(path: string): string[] {
  const full = join(ROOT, path);
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|mjs|json|md|sh)$/.test(f) && !f.includes('node_modules'))
    .map((f) => join(path, f));
}

const files = SOURCES.flatMap(filesUnder).filter((f) => f !== 'tests/unit/docs.test.ts');
const text = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** A heading's anchor as GitHub writes it: lowercase, punctuation dropped, spaces to hyphens. */
const anchorOf = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_\s-]/gu, '')
    .replace(/\s/g, '-');

const anchorsOf = (markdown: string): Set<string> =>
  new Set([...markdown.matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchorOf(m[1]!.replace(/`/g, ''))));

/** Names of documents outside the repository, written in pieces so that this guard does not cite them itself. */
const OUTSIDE = new RegExp(
  [`SPEC ${'§'}`, `SPEC${"'"}s`, `TOOL${'CHAIN'}`, `STYLE ${'habit'}`, `\\.\\./${'shared'}/`, `${'shared'}/context`].join('|'),
  'g',
);

describe('the repository stands alone', () => {
  it('refers to no document it does not contain', () => {
    const outside = files.flatMap((file) => [...text(file).matchAll(OUTSIDE)].map((m) => `${file}: ${m[0]}`));
    expect(outside).toEqual([]);
  });

  it('every pointer into docs/ names a file and a heading that exist', () => {
    const pointers = files.flatMap((file) => {
      // `docs/x.md#anchor` anywhere, and relative `](x.md#anchor)` links inside docs/.
      const absolute = [...text(file).matchAll(/docs\/([a-z-]+\.md)(#[\p{L}\p{N}_-]+)?/gu)].map((m) => ({
        target: `docs/${m[1]}`,
        anchor: m[2],
      }));
      const local = file.startsWith('docs/')
        ? [...text(file).matchAll(/\]\(([a-z-]+\.md)(#[\p{L}\p{N}_-]+)?\)/gu)].map((m) => ({
            target: relative(ROOT, join(ROOT, dirname(file), m[1]!)),
            anchor: m[2],
          }))
        : [];
      return [...absolute, ...local].map((p) => ({ ...p, from: file }));
    });
    expect(pointers.length).toBeGreaterThan(40);
    const broken = pointers.filter(({ target, anchor }) => {
      const doc = files.includes(target) ? text(target) : undefined;
      return doc === undefined || (anchor !== undefined && !anchorsOf(doc).has(anchor.slice(1)));
    });
    expect(broken.map((p) => `${p.from} → ${p.target}${p.anchor ?? ''}`)).toEqual([]);
  });
});
