import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as pause } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Io } from '../../cli/command.ts';
import { main } from '../../cli/pole-admin.ts';
import { withLuhnDigit } from '../../domain/siret.ts';
import type { Runtime } from '../../local/runtime.ts';
import { ADMIN, call, eventually, mailText, outbox, startTestRuntime } from '../support/runtime.ts';

/**
 * The pôle's routine through `pole-admin` only, against the embedded runtime: a quarter (its
 * inputs imported from the accounting office's CSV files, run, drafts read, approved, statements
 * downloaded) and a GTEC campaign (companies imported, created, watched to its close on the
 * virtual clock, then its headline figures).
 */

const TOKEN = ADMIN.authorization.replace('Bearer ', '');
const DAY = 86_400_000;

let runtime: Runtime;
let dir: string;
beforeAll(async () => {
  runtime = await startTestRuntime();
  dir = await mkdtemp(join(tmpdir(), 'pole-admin-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await runtime?.stop();
});

/** Runs `pole-admin` in process; `sleep` stands for the wait between two looks (the watch commands). */
async function cli(argv: string[], sleep?: Io['sleep']): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    argv,
    { POLE_API_URL: runtime.url, POLE_ADMIN_TOKEN: TOKEN },
    { out: (t) => out.push(t), err: (t) => err.push(t), ...(sleep && { sleep }) },
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const file = async (name: string, content: string) => {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
};

describe('a quarter through pole-admin', () => {
  it('imports the office’s files (a bad one reported as a table), runs, shows the drafts, approves and downloads the statements', async () => {
    const { members } = JSON.parse((await cli(['members', '--json'])).out) as { members: { memberId: string; name: string }[] };
    const [changer, user1, user2] = members;
    // A member grows from 16 August: the command sends the decimal as the API wants it.
    const changed = await cli(['member', 'change', changer!.memberId, '--date', '2026-08-16', '--area', '200,5']);
    expect(changed.code).toBe(0);
    expect(changed.out).toContain('Changement enregistré au 2026-08-16.');
    expect(changed.out).toContain('Changement au 2026-08-16 : surface 200,5 m²');
    expect((await cli(['member', 'change', changer!.memberId, '--date', '2026-08-20'])).code).toBe(2); // neither --area nor --fte

    const costs = await file(
      'costs.csv',
      '\uFEFFcategorie;montant;cle;libelle\r\nCharges du bâtiment;12 000,00;surface;Loyer\r\nAccueil mutualisé;1 500;egal;\r\nSalles de réunion;1 000,00;usage;\r\n',
    );
    const subsidies = await file('subsidies.csv', 'financeur;montant;affectation\nRégion;3 000,00;\n');
    const advances = await file('advances.csv', `siret;montant\n${user1!.memberId};500,00\n`);
    const badUsage = await file(
      'usage.csv',
      `siret;categorie;unites\n${user1!.memberId};Salles de réunion;7,555\n12345678901234;Salles de réunion;2\n`,
    );
    const imported = await cli(['quarter', 'import', '2026-Q3', costs, subsidies, advances, badUsage]);
    expect(imported.code).toBe(1); // one file refused, the others imported
    expect(imported.out).toContain('costs.csv → Coûts (costs) : 3 ligne(s) importée(s).');
    expect(imported.out).toContain('advances.csv → ');
    // The refused rows, one per line of the table: line, column, rule, message.
    expect(imported.err).toMatch(/^usage\.csv → usage : 2 erreur\(s\) ; rien n’a été importé\./);
    expect(imported.err).toMatch(/\nLigne\s+Colonne\s+Règle\s+Message\n/);
    expect(imported.err).toMatch(/\n2\s+\S+\s+\S+\s+.+\n3\s+\S+\s+\S+\s+.+/);
    const usage = await file(
      'usage.csv',
      `siret;categorie;unites\n${user1!.memberId};Salles de réunion;7,5\n${user2!.memberId};Salles de réunion;2,5\n`,
    );
    expect((await cli(['quarter', 'import', '2026-Q3', usage])).code).toBe(0);

    // Run: the command follows the execution until the drafts are computed.
    const run = await cli(['quarter', 'run', '2026-Q3', '--interval', '0.05']);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/Trimestre 2026-Q3 : Brouillon — en attente de validation/);
    expect(run.out).toContain('À vérifier : pole-admin quarter statements 2026-Q3');

    const drafts = await cli(['quarter', 'statements', '2026-Q3']);
    expect(drafts.code).toBe(0);
    expect(drafts.out).toMatch(/^Relevés du trimestre 2026-Q3/);
    expect(drafts.out).toMatch(/\nTotal\s+/);
    const json = JSON.parse((await cli(['quarter', 'statements', '2026-Q3', '--json'])).out);
    expect(json.statements).toHaveLength(members.length);
    const net = json.categories.reduce((a: number, c: { netCents: number }) => a + c.netCents, 0);
    expect(json.statements.reduce((a: number, s: { sharesCents: number }) => a + s.sharesCents, 0)).toBe(net);

    expect((await cli(['quarter', 'reject', '2026-Q3'])).code).toBe(2); // a refusal needs its reason
    const approved = await cli(['quarter', 'approve', '2026-Q3']);
    expect(approved).toMatchObject({ code: 0, out: expect.stringMatching(/^Relevés du trimestre 2026-Q3 approuvés/) });
    await eventually(async () => JSON.parse((await cli(['quarter', '2026-Q3', '--json'])).out).status === 'POSTED', 15_000);
    const again = await cli(['quarter', 'approve', '2026-Q3']);
    expect(again.code).toBe(1); // refused by the API: already posted

    const csvPath = join(dir, 'releves.csv');
    expect((await cli(['quarter', 'statements', '2026-Q3', '--csv', '--out', csvPath])).code).toBe(0);
    const csv = await readFile(csvPath, 'utf8');
    expect(csv.replace(/^\uFEFF/, '')).toMatch(/^trimestre;siret;membre;rubrique;cle;montant;portee\r\n/);
    expect(csv).toContain(`2026-Q3;${changer!.memberId};`);
    const pagePath = join(dir, 'releve.html');
    expect((await cli(['quarter', 'statement', '2026-Q3', changer!.memberId, '--html', '--out', pagePath])).code).toBe(0);
    expect(await readFile(pagePath, 'utf8')).toMatch(/Relevé des frais mutualisés — trimestre 2026-Q3[\s\S]*Comptabilisé[\s\S]*200,5 m²/);
    const one = await cli(['quarter', 'statement', '2026-Q3', user1!.memberId]);
    expect(one.out).toContain(`${user1!.name} [${user1!.memberId}] — trimestre 2026-Q3 (comptabilisé)`);
    expect(one.out).toMatch(/Avances versées\s+-500,00/);
  }, 60_000);
});

describe('a GTEC campaign through pole-admin', () => {
  it('imports companies (bad rows as a table), creates a campaign, watches it to its close on the virtual clock, then its headline figures', async () => {
    const rows = Array.from(
      { length: 4 },
      (_, i) => `${withLuhnDigit(`6${String(i).padStart(12, '0')}`)};Cli Entreprise ${i};43.21A;10-49;Anglet;rh-cli-${i}@example.fr`,
    );
    const companies = await file(
      'entreprises.csv',
      `siret;nom;naf;taille;commune;email\n${rows.join('\n')}\n12345678901234;Mauvais SIRET;43.21A;10-49;Anglet;x@example.fr\n`,
    );
    const imported = await cli(['companies', 'import', companies]);
    expect(imported.code).toBe(1); // a row refused
    expect(imported.out).toMatch(/^4 entreprises importées ; 1 ligne refusée/);
    expect(imported.out).toMatch(/\nLigne\s+Colonne\s+Règle\s+Message\n6\s+siret\s+\S+\s+Ligne 6/);

    const closes = new Date(runtime.clock.now().getTime() + 21 * DAY).toISOString();
    const created = await cli([
      'campaign',
      'create',
      '--id',
      'cli-anglet',
      '--title',
      'Enquête GTEC Anglet',
      '--commune',
      'Anglet',
      '--closes',
      closes,
    ]);
    expect(created.code).toBe(0);
    expect(created.out).toMatch(
      /^Campagne cli-anglet lancée : clôture le .+, relances le .+\.\nSuivre : pole-admin campaign watch cli-anglet$/,
    );

    // Three of the four companies answer through their link.
    await eventually(async () => JSON.parse((await cli(['campaign', 'cli-anglet', '--json'])).out).progress.sent === 4);
    const tokens = (await outbox(runtime)).map(mailText).flatMap((text) => /\/survey\/([A-Za-z0-9_-]{22})\/page/.exec(text)?.[1] ?? []);
    expect(tokens).toHaveLength(4);
    const answers = {
      difficulties: 'oui',
      training_needs: ['securite'],
      hiring: [{ jobFamily: 'btp', count: 2, contractType: 'CDI', horizon: '0-3M' }],
    };
    for (const token of tokens.slice(0, 3))
      expect((await call(runtime, 'POST', `/survey/${token}/answers`, { body: { answers } })).status).toBe(200);

    // Watch: between two looks a day passes on the virtual clock, so the reminders and the close come.
    let looks = 0;
    const watched = await cli(['campaign', 'watch', 'cli-anglet', '--interval', '1'], async () => {
      looks += 1;
      runtime.clock.advance(DAY);
      await pause(30);
    });
    expect(watched.err).toBe('');
    expect(watched.code).toBe(0);
    expect(looks).toBeGreaterThanOrEqual(21);
    // Without a terminal: a line at each change, then the headline figures.
    // The closed-but-computing state lasts only until publication: a look may fall between or not.
    const changes = watched.out.split('\n').filter((line) => line.startsWith('cli-anglet — ') && !line.includes('résultats en calcul'));
    expect(changes).toEqual([
      'cli-anglet — En cours : 4/4 invitation(s), 0 relance(s), 3 réponse(s) (75 %)',
      'cli-anglet — En cours : 4/4 invitation(s), 1 relance(s), 3 réponse(s) (75 %)',
      'cli-anglet — En cours : 4/4 invitation(s), 2 relance(s), 3 réponse(s) (75 %)',
      'cli-anglet — Close, résultats publiés : 4/4 invitation(s), 2 relance(s), 3 réponse(s) (75 %)',
    ]);
    expect(watched.out).toContain('Campagne « Enquête GTEC Anglet » (cli-anglet) — résultats publiés');
    expect(watched.out).toContain('Entreprises ciblées : 4');
    expect(watched.out).toMatch(/Entreprises répondantes : 3 — taux de réponse 75 %/);
    expect(watched.out).toMatch(/Recrutements prévus à 12 mois : 6/);
    // Only the needs some company cited.
    expect(watched.out).toContain('Besoins de formation les plus cités : Sécurité, habilitations (3)\n');
    const shown = JSON.parse((await cli(['campaign', 'cli-anglet', '--json'])).out);
    expect(shown).toMatchObject({ status: 'PUBLISHED', progress: { targets: 4, sent: 4, reminded: 2, answered: 3 } });
  }, 60_000);
});
