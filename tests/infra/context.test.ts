import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CONTEXT_KEYS, DEFAULT_POLES, readContext } from '../../infra/context.ts';
import { repoPath } from '../../infra/paths.ts';

const run = promisify(execFile);

/** The settings read from a context holding `values`, as `-c key=value` gives them (strings). */
const read = (values: Record<string, unknown>) => readContext((key) => values[key]);

const PROD = { 'pole:env': 'prod', 'pole:publicBaseUrl': 'https://pole.example.fr' };

describe('deployment context, checked at synth with the runtime’s schemas (infra/context.ts)', () => {
  it('defaults: dev, the demo pôle, no CORS, no dashboard; links lead to the API itself', () => {
    expect(read({})).toEqual({ stage: 'dev', poles: [...DEFAULT_POLES], dashboard: false, corsOrigins: [] });
  });

  it('reads every key, as `-c` strings or cdk.json values', () => {
    expect(
      read({
        ...PROD,
        'pole:poles': 'pole-sud-aquitain, pole-bearn',
        'pole:mailFrom': 'ne-pas-repondre@pole-bearn.fr',
        'pole:alarmEmail': 'exploitation@pole-bearn.fr',
        'pole:sesConfigurationSet': 'pole-suivi',
        'pole:dashboard': 'true',
        'pole:corsOrigins': ['https://www.pole-bearn.fr'],
        'pole:authDomainPrefix': 'pole-bearn-connexion',
        'pole:publicBaseUrl': 'https://pole.example.fr/',
      }),
    ).toEqual({
      stage: 'prod',
      poles: ['pole-sud-aquitain', 'pole-bearn'],
      mailFrom: 'ne-pas-repondre@pole-bearn.fr',
      alarmEmail: 'exploitation@pole-bearn.fr',
      sesConfigurationSet: 'pole-suivi',
      dashboard: true,
      corsOrigins: ['https://www.pole-bearn.fr'],
      authDomainPrefix: 'pole-bearn-connexion',
      publicBaseUrl: 'https://pole.example.fr',
    });
    expect(CONTEXT_KEYS).toContain('pole:authDomainPrefix');
  });

  it.each([
    ['pole:env', 'staging'],
    ['pole:poles', ''],
    ['pole:poles', 'Pole Sud'],
    ['pole:poles', 'a,,b'],
    ['pole:poles', 'pole-a,pole-a'],
    ['pole:poles', 'pole--bearn'],
    ['pole:poles', 'p'],
    ['pole:poles', 'p'.repeat(31)],
    ['pole:poles', 42],
    ['pole:mailFrom', 'ne-pas-repondre'],
    ['pole:alarmEmail', 'exploitation@'],
    ['pole:publicBaseUrl', 'http://pole.example.fr'],
    ['pole:publicBaseUrl', 'http://127.0.0.1:3000'],
    ['pole:publicBaseUrl', 'https://pole.example.fr/?x=1'],
    ['pole:publicBaseUrl', 'pole.example.fr'],
    ['pole:sesConfigurationSet', 'pas un nom'],
    ['pole:dashboard', 'oui'],
    ['pole:corsOrigins', '*'],
    ['pole:corsOrigins', 'https://www.pole-sud-aquitain.fr/'],
    ['pole:corsOrigins', 'https://x.fr/formulaire'],
    ['pole:corsOrigins', 'pas une origine'],
    ['pole:authDomainPrefix', 'Pole_Bearn'],
    ['pole:authDomainPrefix', 'pole-cognito'],
  ] as [string, unknown][])('refuses %s = %j, naming the key', (key, value) => {
    // '' counts as unset for every key: pole:poles then falls back to its default.
    if (value === '') {
      expect(read({ [key]: value }).poles).toEqual([...DEFAULT_POLES]);
      return;
    }
    expect(() => read({ ...PROD, [key]: value })).toThrow(new RegExp(`^Contexte CDK invalide[^]*- ${key}`));
  });

  it('CORS: http://localhost in dev only', () => {
    expect(read({ 'pole:corsOrigins': 'http://localhost:3000' }).corsOrigins).toEqual(['http://localhost:3000']);
    expect(() => read({ ...PROD, 'pole:corsOrigins': 'http://localhost:3000' })).toThrow(/pole:corsOrigins/);
  });

  it('prod refuses to synthesize without an explicit https base URL for the links in mails', () => {
    expect(() => read({ 'pole:env': 'prod' })).toThrow(/- pole:publicBaseUrl : Obligatoire en prod/);
    expect(read({ 'pole:env': 'dev' }).publicBaseUrl).toBeUndefined(); // dev: the HTTP API's own URL
  });

  it('lists every bad key at once', () => {
    const error = (() => {
      try {
        read({ 'pole:env': 'prod', 'pole:mailFrom': 'x', 'pole:poles': 'ok-pole,Bad' });
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(error?.split('\n').slice(1)).toEqual([
      expect.stringMatching(/^ {2}- pole:poles \(élément 2\) : Identifiant de pôle invalide .+ \(valeur : "Bad"\)$/),
      expect.stringMatching(/^ {2}- pole:mailFrom : .+ \(valeur : "x"\)$/),
      expect.stringMatching(/^ {2}- pole:publicBaseUrl : Obligatoire en prod.+\(valeur : absente\)$/),
    ]);
  });

  it('`cdk synth` itself fails on a bad value, naming the key, before building anything', { timeout: 120_000 }, async () => {
    const synth = run('npx', ['cdk', 'synth', '--no-notices', '-q', '-c', 'pole:env=prod', '-c', 'pole:mailFrom=personne'], {
      cwd: repoPath('.'),
      env: { ...process.env, AWS_REGION: 'eu-west-3' },
    });
    const failure = await synth.then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).not.toBe(0);
    expect(failure?.stderr).toContain('Contexte CDK invalide');
    expect(failure?.stderr).toContain('- pole:mailFrom : Adresse e-mail invalide. (valeur : "personne")');
    expect(failure?.stderr).toContain('- pole:publicBaseUrl : Obligatoire en prod');
  });
});
