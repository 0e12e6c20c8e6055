import { readdirSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../functions/catalog.ts';

/**
 * The code's layout, as README.md § Architecture describes it, checked on the tree itself. Each
 * rule is a function of the file list and of what each file imports, so that the second half of
 * this file can show, on small made-up trees, that every rule reports what it guards.
 */

/** Repository-relative file → what it imports: repository-relative paths for relative imports, package names otherwise. */
type Imports = ReadonlyMap<string, readonly string[]>;

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHECKED = ['domain', 'store', 'services', 'ports', 'functions'];

/** Shared helpers of store/: the only store modules an entity's module may import. */
const STORE_HELPERS = new Set(['store/keys.ts', 'store/client.ts', 'store/batch.ts', 'store/writes.ts', 'store/table.ts']);

function sourceFiles(dir: string): string[] {
  return readdirSync(posix.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => posix.join(dir, f.split('\\').join('/')))
    .sort();
}

function importsOf(files: readonly string[]): Imports {
  return new Map(
    files.map((file) => {
      const specifiers = ts.preProcessFile(readFileSync(posix.join(ROOT, file), 'utf8'), true, true).importedFiles.map((i) => i.fileName);
      return [file, specifiers.map((s) => (s.startsWith('.') ? posix.normalize(posix.join(posix.dirname(file), s)) : s))];
    }),
  );
}

/** `SendSurveyPage` → `send-survey-page`. */
const kebab = (id: string): string => id.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

/**
 * What may stand in functions/ besides entries: the shared middleware (`shared/`), the catalog,
 * each workflow folder's `schemas.ts`, and an entry's page markup as `<entry>.html.ts`.
 */
function isSupportFile(file: string, entries: ReadonlySet<string>): boolean {
  return (
    file === 'functions/catalog.ts' ||
    file.startsWith('functions/common/') ||
    posix.basename(file) === 'schemas.ts' ||
    (file.endsWith('.html.ts') && entries.has(file.replace(/\.html\.ts$/, '.ts')))
  );
}

/**
 * Every catalog entry exists, exports `handler`, lives in a workflow folder and is named after its
 * function id (`functions/<folder>/<kebab-case of the id>.ts`); every other file of functions/
 * is a support file. `sources` maps each file of functions/ to its text.
 */
function entryViolations(sources: ReadonlyMap<string, string>, catalog: Readonly<Record<string, { entry: string }>>): string[] {
  const violations: string[] = [];
  const entries = new Set(Object.values(catalog).map((spec) => spec.entry));
  for (const [id, { entry }] of Object.entries(catalog)) {
    const text = sources.get(entry);
    if (text === undefined) violations.push(`${id}: its entry ${entry} does not exist`);
    else if (!/^export const handler\b/m.test(text)) violations.push(`${id}: ${entry} exports no handler`);
    if (!new RegExp(`^functions/[a-z-]+/${kebab(id)}\\.ts$`).test(entry)) {
      violations.push(`${id}: its entry ${entry} is not functions/<folder>/${kebab(id)}.ts`);
    }
  }
  for (const file of sources.keys()) {
    if (!entries.has(file) && !isSupportFile(file, entries)) {
      violations.push(`${file} is neither an entry of functions/catalog.ts nor a schema file (orchestration goes to services/)`);
    }
  }
  return violations;
}

/** What one folder's files must not import, each with why. */
const FORBIDDEN: Record<string, { test: (target: string, file: string) => boolean; why: string }[]> = {
  domain: [
    {
      test: (t) => /^(store|ports|functions|services|local|infra)\//.test(t),
      why: 'domain/ is pure: no storage, port, handler or runtime',
    },
    { test: (t) => t.startsWith('@aws-sdk/'), why: 'domain/ imports no AWS SDK' },
  ],
  store: [
    { test: (t) => /^(functions|services|local|infra)\//.test(t), why: 'data flows one way: handlers and services call the store' },
    { test: (t) => t.startsWith('ports/') && t !== 'ports/config.ts', why: 'store/ uses no port but the configuration' },
    {
      test: (t, file) => t.startsWith('store/') && t !== file && !STORE_HELPERS.has(t),
      why: 'one module per entity: what touches two entities is a service',
    },
  ],
  services: [{ test: (t) => /^(functions|local|infra)\//.test(t), why: 'data flows one way: handlers call services' }],
  ports: [{ test: (t) => /^(functions|services|store|local|infra)\//.test(t), why: 'ports/ are adapters, called by the code above them' }],
  functions: [{ test: (t) => /^(local|infra)\//.test(t), why: 'a Lambda bundle holds no embedded runtime nor CDK' }],
};

/** Imports that break the one-way flow (handler → domain / services → store), folder by folder. */
function importViolations(imports: Imports): string[] {
  const violations: string[] = [];
  for (const [file, targets] of imports) {
    for (const rule of FORBIDDEN[file.split('/')[0]!] ?? []) {
      for (const target of targets.filter((t) => rule.test(t, file))) violations.push(`${file} imports ${target}: ${rule.why}`);
    }
  }
  return violations;
}

/** An entry imports no other entry: what two handlers share is a schema, a service or a domain rule. */
function entryImportViolations(imports: Imports, entries: ReadonlySet<string>): string[] {
  return [...imports].flatMap(([file, targets]) =>
    targets.filter((t) => t !== file && entries.has(t)).map((t) => `${file} imports the entry ${t}: share a schema or a service instead`),
  );
}

describe('the layout of the code', () => {
  const files = CHECKED.flatMap(sourceFiles);
  const imports = importsOf(files);
  const entries = new Set(Object.values(FUNCTIONS).map((spec) => spec.entry));
  const functionSources = new Map(
    files.filter((f) => f.startsWith('functions/')).map((f) => [f, readFileSync(posix.join(ROOT, f), 'utf8')] as const),
  );

  it('reads the tree (the rules below look at real files)', () => {
    for (const folder of CHECKED) expect(files.some((f) => f.startsWith(`${folder}/`))).toBe(true);
    expect(imports.get('services/onboarding.ts')).toContain('store/applications.ts');
  });

  it('functions/ holds the catalog entries, each named after its function id, and their schemas only', () => {
    expect(entryViolations(functionSources, FUNCTIONS)).toEqual([]);
  });

  it('no entry imports another entry', () => {
    expect(entryImportViolations(imports, entries)).toEqual([]);
  });

  it('data flows one way: domain is pure, store is per entity, services and store never call back up', () => {
    expect(importViolations(imports)).toEqual([]);
  });
});

describe('each layout rule reports what it guards (made-up trees)', () => {
  const entry = (text = 'export const handler = 1;') => text;
  const catalog = { SendSurveyPage: { entry: 'functions/gtec/send-survey-page.ts' } };

  it('an entry file missing, without handler, or named otherwise than its id', () => {
    expect(entryViolations(new Map(), catalog)).toEqual(['SendSurveyPage: its entry functions/gtec/send-survey-page.ts does not exist']);
    expect(entryViolations(new Map([['functions/gtec/send-survey-page.ts', 'export const x = 1;']]), catalog)).toEqual([
      'SendSurveyPage: functions/gtec/send-survey-page.ts exports no handler',
    ]);
    const misnamed = { SendSurveyPage: { entry: 'functions/gtec/send-page.ts' } };
    expect(entryViolations(new Map([['functions/gtec/send-page.ts', entry()]]), misnamed)).toEqual([
      'SendSurveyPage: its entry functions/gtec/send-page.ts is not functions/<folder>/send-survey-page.ts',
    ]);
  });

  it('a file of functions/ that is no entry (a helper beside the handlers)', () => {
    const sources = new Map([
      ['functions/gtec/send-survey-page.ts', entry()],
      ['functions/gtec/invite.ts', 'export function mailSurveyLinks() {}'],
      ['functions/gtec/schemas.ts', ''],
      ['functions/gtec/send-survey-page.html.ts', ''],
      ['functions/common/http.ts', ''],
    ]);
    expect(entryViolations(sources, catalog)).toEqual([
      'functions/gtec/invite.ts is neither an entry of functions/catalog.ts nor a schema file (orchestration goes to services/)',
    ]);
  });

  it('an entry importing another', () => {
    const imports: Imports = new Map([['functions/admin/start-reconciliation.ts', ['functions/reconciliation/run.ts']]]);
    expect(entryImportViolations(imports, new Set(['functions/reconciliation/run.ts']))).toHaveLength(1);
    expect(entryImportViolations(imports, new Set())).toEqual([]);
  });

  it.each([
    ['domain/executions.ts', 'ports/workflow-engine.ts'],
    ['domain/quarters.ts', 'store/quarters.ts'],
    ['domain/gtec/campaign.ts', '@aws-sdk/lib-dynamodb'],
    ['store/members.ts', 'store/building.ts'],
    ['store/quarters.ts', 'services/reconciliation.ts'],
    ['store/mail-log.ts', 'ports/mailer.ts'],
    ['store/campaigns.ts', 'functions/common/http.ts'],
    ['services/surveys.ts', 'functions/common/http.ts'],
    ['services/onboarding.ts', 'local/engine.ts'],
    ['ports/mailer.ts', 'store/mail-log.ts'],
    ['functions/gtec/get-survey.ts', 'local/runtime.ts'],
  ])('%s importing %s', (file, target) => {
    expect(importViolations(new Map([[file, [target]]]))).toHaveLength(1);
  });

  it.each([
    ['domain/quarters.ts', 'zod'],
    ['domain/executions.ts', 'domain/poles.ts'],
    ['store/members.ts', 'store/keys.ts'],
    ['store/members.ts', 'store/writes.ts'],
    ['store/client.ts', 'ports/config.ts'],
    ['store/statements.ts', 'domain/reconciliation.ts'],
    ['services/onboarding.ts', 'store/building.ts'],
    ['services/onboarding.ts', 'ports/workflow-engine.ts'],
    ['functions/admin/list-tasks.ts', 'services/tasks.ts'],
    ['functions/admin/get-member.ts', 'store/members.ts'],
  ])('but not %s importing %s', (file, target) => {
    expect(importViolations(new Map([[file, [target]]]))).toEqual([]);
  });
});
