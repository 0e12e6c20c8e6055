import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withLuhnDigit } from '../../domain/siret.ts';
import type { Runtime } from '../../local/runtime.ts';
import { ADMIN, call, eventually, mailText, outbox, startTestRuntime } from '../support/runtime.ts';

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(() => runtime.stop());

const DAY = 86_400_000;
const answer = (count: number) => ({
  answers: {
    difficulties: 'oui',
    training_needs: ['securite'],
    hiring: [{ jobFamily: 'btp', count, contractType: 'CDI', horizon: '0-3M' }],
  },
});

describe('survey answers under concurrency, for real against dynalite', () => {
  it('100 answers through one link at once: one per 5-second slot is kept, the rest get 429 and write nothing; 500 companies at once are all counted', async () => {
    const rows = Array.from(
      { length: 420 },
      (_, i) => `${withLuhnDigit(`4${String(i).padStart(12, '0')}`)};Entreprise ${i};43.21A;10-49;Biarritz;rh-${i}@example.fr`,
    );
    const imported = await call(runtime, 'POST', '/admin/companies/import', {
      headers: { ...ADMIN, 'content-type': 'text/csv' },
      raw: `siret;nom;naf;taille;commune;email\n${rows.join('\n')}\n`,
    });
    expect(imported.body.imported).toBe(420);
    const at = (ms: number) => new Date(runtime.clock.now().getTime() + ms).toISOString();
    const created = await call(runtime, 'POST', '/admin/campaigns', {
      headers: ADMIN,
      body: { campaignId: 'concurrence-2027', title: 'Enquête concurrente', reminders: [], closesAt: at(30 * DAY) },
    });
    expect(created.status).toBe(202);
    const progress = async () => (await call(runtime, 'GET', '/admin/campaigns/concurrence-2027', { headers: ADMIN })).body.progress;
    const { targets } = await eventually(async () => {
      const p = await progress();
      return p.targets > 500 && p.sent === p.targets && p;
    }, 60_000);
    const tokens = (await outbox(runtime))
      .map((eml) => /\/survey\/([A-Za-z0-9_-]{22})\/page/.exec(mailText(eml))?.[1])
      .filter((t): t is string => !!t);
    expect(tokens).toHaveLength(targets);

    const [one, ...others] = tokens;
    const same = await Promise.all(
      Array.from({ length: 100 }, (_, i) => call(runtime, 'POST', `/survey/${one}/answers`, { body: answer(i + 1) })),
    );
    const kept = same.filter((r) => r.status === 200);
    expect(kept.length).toBeGreaterThanOrEqual(1);
    expect(kept.length).toBeLessThanOrEqual(3); // the 100 requests may straddle a slot boundary or two
    expect(same.every((r) => r.status === 200 || r.status === 429)).toBe(true);
    expect(kept.map((r) => r.body.submissions).sort()).toEqual(Array.from({ length: kept.length }, (_, i) => i + 1));
    runtime.clock.advance(5_000);
    const after = await call(runtime, 'POST', `/survey/${one}/answers`, { body: answer(1) });
    expect(after.body).toMatchObject({ replaced: true, submissions: kept.length + 1 });
    const { queryAll } = await import('../../store/batch.ts');
    const history = await queryAll({
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': 'POLE#pole-sud-aquitain#CAMPAIGN#concurrence-2027#HISTORY' },
    });
    expect(history).toHaveLength(kept.length + 1);

    const many = await Promise.all(
      others.slice(0, 500).map((token) => call(runtime, 'POST', `/survey/${token}/answers`, { body: answer(1) })),
    );
    expect(many.filter((r) => r.status === 200)).toHaveLength(500);
    expect((await progress()).answered).toBe(501);
  }, 120_000);
});
