import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../local/runtime.ts';
import { WORKFLOWS } from '../../workflows/catalog.ts';
import { ADMIN, call, countInvocations, eventually, mailText, outbox, startTestRuntime } from '../support/runtime.ts';

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(() => runtime.stop());

/** The survey links mailed (one campaign in this file), by recipient. */
async function links(): Promise<{ to: string; token: string; reminder: boolean }[]> {
  return (await outbox(runtime)).flatMap((eml) => {
    const text = mailText(eml);
    const token = /\/survey\/([A-Za-z0-9_-]{22})\/page/.exec(text)?.[1];
    if (!token) return [];
    return [{ to: /^To: (.*)$/m.exec(eml)![1]!.trim(), token, reminder: text.includes('pas encore répondu') }];
  });
}
const answers = (difficulties: 'oui' | 'non') => ({
  answers: { difficulties, training_needs: ['securite'], hiring: [{ jobFamily: 'btp', count: 2, contractType: 'CDI', horizon: '0-3M' }] },
});
const DAY = 86_400_000;
/** An absolute date on the runtime's clock, which the test moves forward. */
const at = (ms: number) => new Date(runtime.clock.now().getTime() + ms).toISOString();

describe('GTEC campaign on the embedded engine', () => {
  it('invites the targets, reminds only non-respondents at each absolute date, closes, aggregates with masking and publishes', async () => {
    // Prepare: the demo companies of one commune; the dates are absolute: reminders at +7 and +14 days, close at +21.
    const title = 'Enquête GTEC Tarnos';
    const request = {
      campaignId: 'tarnos-2027',
      title,
      filters: { communes: ['Tarnos'] },
      reminders: [at(7 * DAY), at(14 * DAY)],
      closesAt: at(21 * DAY),
    };
    const created = await call(runtime, 'POST', '/admin/campaigns', { headers: ADMIN, body: request });
    expect(created.status).toBe(202);
    const again = await call(runtime, 'POST', '/admin/campaigns', { headers: ADMIN, body: request });
    expect(again).toMatchObject({ status: 200, body: { executionArn: created.body.executionArn } });

    // Act: every target invited once, then four companies answer (one twice).
    const progress = async () => (await call(runtime, 'GET', '/admin/campaigns/tarnos-2027', { headers: ADMIN })).body;
    const { progress: p } = await eventually(async () => {
      const c = await progress();
      return c.progress.targets > 0 && c.progress.sent === c.progress.targets && c;
    });
    const invitations = await links();
    expect(invitations).toHaveLength(p.targets);
    expect(new Set(invitations.map((i) => i.to)).size).toBe(p.targets);
    for (const [i, inv] of invitations.slice(0, 4).entries()) {
      expect((await call(runtime, 'POST', `/survey/${inv.token}/answers`, { body: answers(i < 3 ? 'oui' : 'non') })).status).toBe(200);
    }
    runtime.clock.advance(5_000); // one submission per link per 5-second slot
    const replaced = await call(runtime, 'POST', `/survey/${invitations[0]!.token}/answers`, { body: answers('oui') });
    expect(replaced.body).toMatchObject({ replaced: true, submissions: 2 });
    expect((await progress()).progress).toMatchObject({ answered: 4, ratePct: Math.round((1000 * 4) / p.targets) / 10 });

    // Three weeks pass (the virtual clock): two reminder rounds to the others only, then closed and published.
    await eventually(async () =>
      (await runtime.engine.history(created.body.executionArn)).some((e) => e.type === 'StateEntered' && e.stateName === 'WaitForReminder'),
    );
    runtime.clock.advance(21 * DAY + 1000);
    const result = await runtime.engine.settled(created.body.executionArn);
    expect(result.status).toBe('SUCCEEDED');
    const mailed = await links();
    const reminders = mailed.filter((m) => m.reminder);
    const respondents = new Set(invitations.slice(0, 4).map((i) => i.to));
    expect(reminders).toHaveLength(2 * (p.targets - 4));
    expect(reminders.some((r) => respondents.has(r.to))).toBe(false);
    const final = await progress();
    expect(final).toMatchObject({
      status: 'PUBLISHED',
      progress: { targets: p.targets, sent: p.targets, reminded: 2 * (p.targets - 4), answered: 4 },
    });

    const { body } = await call(runtime, 'GET', '/admin/campaigns/tarnos-2027/results', { headers: ADMIN });
    expect(body.results).toMatchObject({
      version: 2,
      targets: p.targets,
      respondents: { value: 4 },
      // 3 yes and 1 no: the share would tell the lone « no », so it is masked.
      difficulties: { share: { masked: true } },
      hiring: { total: { value: 8 } },
    });
    expect(body.results.hiring.byJobFamily.find((r: any) => r.key === 'btp').people).toEqual({ value: 8 });
    expect(body.results.trainingNeeds.ranked[0]).toEqual({ key: 'securite', label: 'Sécurité, habilitations', companies: 4 });
    for (const table of body.results.bySegment)
      for (const row of table.rows) {
        expect(row.targets).toBeGreaterThanOrEqual(3);
        expect('masked' in row.respondents || row.respondents.value === 0 || row.respondents.value >= 3).toBe(true);
      }

    // After the close: 410 for answers, through any link of the campaign (a reminder's too).
    expect((await call(runtime, 'POST', `/survey/${invitations[1]!.token}/answers`, { body: answers('non') })).status).toBe(410);
    expect((await call(runtime, 'GET', `/survey/${reminders[0]!.token}`)).status).toBe(410);

    // The workflow's state never carried the target list: every state's input stays small.
    const history = await runtime.engine.history(created.body.executionArn);
    const largest = Math.max(...history.map((e) => JSON.stringify(e.input ?? null).length));
    expect(largest).toBeLessThan(1_000);
    expect(history.filter((e) => e.type === 'StateEntered' && e.stateName === 'WaitForReminder')).toHaveLength(2);
  }, 30_000);
});

describe('GTEC campaign in pages', () => {
  it.each([
    { map: 'SendPages', page: 'SendPage', threshold: undefined },
    // Above the threshold the ASL takes its Distributed Map (run inline by the embedded engine).
    { map: 'SendPagesDistributed', page: 'SendPageInChild', threshold: '200' },
  ])(
    'invites and reminds 250 companies in pages of 100 through $map, with only keys and cursors in the state',
    async ({ map, page, threshold }) => {
      // Prepare: Wait states shortened (the engine's waitTimeOverrides); 250 companies of one commune the demo registry does not use.
      if (threshold) process.env.DISTRIBUTED_MAP_ABOVE = threshold;
      const fast = await startTestRuntime({ waitTimeOverrides: { WaitForReminder: 20, WaitForClose: 20 } });
      try {
        const { withLuhnDigit } = await import('../../domain/siret.ts');
        const rows = Array.from(
          { length: 250 },
          (_, i) => `${withLuhnDigit(`5${String(i).padStart(12, '0')}`)};Entreprise ${i};43.21A;0-9;Anglet;rh-${i}@example.fr`,
        );
        const imported = await call(fast, 'POST', '/admin/companies/import', {
          headers: { ...ADMIN, 'content-type': 'text/csv' },
          raw: `siret;nom;naf;taille;commune;email\n${rows.join('\n')}\n`,
        });
        expect(imported.body.imported).toBe(250);
        // Act
        const created = await call(fast, 'POST', '/admin/campaigns', {
          headers: ADMIN,
          body: { campaignId: 'pages', filters: { communes: ['Anglet'] }, closesAt: at(30 * 86_400_000) },
        });
        const done = await fast.engine.settled(created.body.executionArn);
        // Assess: 3 rounds (invitations, 2 reminders) of 3 pages each, every company mailed once per round.
        expect(done.status).toBe('SUCCEEDED');
        const { body } = await call(fast, 'GET', '/admin/campaigns/pages', { headers: ADMIN });
        expect(body.progress).toMatchObject({ targets: 250, sent: 250, reminded: 500, answered: 0 });
        const history = await fast.engine.history(created.body.executionArn);
        const entered = (name: string) => history.filter((e) => e.type === 'StateEntered' && e.stateName === name).length;
        expect([entered(map), entered(page), entered('WaitForReminder')]).toEqual([3, 9, 2]);
        const mails = (await outbox(fast)).map((eml) => /^To: (.*)$/m.exec(eml)![1]!.trim());
        expect(mails).toHaveLength(750);
        expect(new Set(mails).size).toBe(250);
        // The same few hundred bytes at 250 targets as at 13: only keys, 3 page cursors and dates.
        expect(Math.max(...history.map((e) => JSON.stringify(e.input ?? e.output ?? null).length))).toBeLessThan(1_000);
      } finally {
        delete process.env.DISTRIBUTED_MAP_ABOVE;
        await fast.stop();
      }
    },
    60_000,
  );
});

describe('GTEC campaign under mail throttling', () => {
  it('retries a page whose mail is throttled, and still mails each company once', async () => {
    const fast = await startTestRuntime({ waitTimeOverrides: { WaitForReminder: 20, WaitForClose: 20 } });
    const { mailer, setMailer } = await import('../../ports/mailer.ts');
    const real = mailer();
    let calls = 0;
    setMailer({
      send: async (mail) => {
        calls += 1;
        if (calls === 3) throw Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'TooManyRequestsException' });
        return real.send(mail);
      },
    });
    try {
      const created = await call(fast, 'POST', '/admin/campaigns', {
        headers: ADMIN,
        body: { campaignId: 'throttled', filters: { communes: ['Ondres'] }, closesAt: at(30 * 86_400_000) },
      });
      const done = await fast.engine.settled(created.body.executionArn);
      expect(done.status).toBe('SUCCEEDED');
      const { body } = await call(fast, 'GET', '/admin/campaigns/throttled', { headers: ADMIN });
      const invitations = (await outbox(fast)).map(mailText).filter((t) => !t.includes('pas encore répondu'));
      expect(invitations).toHaveLength(body.progress.targets);
      expect(body.progress.sent).toBe(body.progress.targets);
      const history = await fast.engine.history(created.body.executionArn);
      expect(history.filter((e) => e.type === 'StateEntered' && e.stateName === 'SendPage').length).toBeGreaterThanOrEqual(1);
      expect(
        history.some(
          (e) =>
            e.type.includes('Retr') ||
            (e.type === 'StateFailed' && e.error === 'TooManyRequestsException') ||
            JSON.stringify(e).includes('TooManyRequestsException'),
        ),
      ).toBe(true);
    } finally {
      setMailer(real);
      await fast.stop();
    }
  }, 60_000);
});

describe('GTEC campaign: other paths', () => {
  it('goes straight to the close when the campaign has no reminder', async () => {
    const fast = await startTestRuntime({ waitTimeOverrides: { WaitForReminder: 20, WaitForClose: 20 } });
    try {
      const created = await call(fast, 'POST', '/admin/campaigns', {
        headers: ADMIN,
        body: { campaignId: 'sans-relance', filters: { sizeBands: ['250+'] }, reminders: [], closesAt: at(86_400_000) },
      });
      expect((await fast.engine.settled(created.body.executionArn)).status).toBe('SUCCEEDED');
      const history = await fast.engine.history(created.body.executionArn);
      expect(history.some((e) => e.stateName === 'WaitForReminder' || e.stateName === 'NextRound')).toBe(false);
      expect(history.filter((e) => e.type === 'StateEntered' && e.stateName === 'SendPages')).toHaveLength(1);
      expect((await call(fast, 'GET', '/admin/campaigns/sans-relance', { headers: ADMIN })).body).toMatchObject({
        status: 'PUBLISHED',
        progress: { reminded: 0 },
      });
    } finally {
      await fast.stop();
    }
  }, 30_000);

  it('fails at the step that fails for good; the redrive resumes there and mails nobody twice', async () => {
    const fast = await startTestRuntime({ waitTimeOverrides: { WaitForReminder: 20, WaitForClose: 20 } });
    try {
      fast.lambdas.injectFault('PublishResults', { times: Infinity, error: 'Error' });
      const created = await call(fast, 'POST', '/admin/campaigns', {
        headers: ADMIN,
        body: { campaignId: 'reprise', filters: { communes: ['Biaudos'] }, closesAt: at(30 * 86_400_000) },
      });
      expect((await fast.engine.settled(created.body.executionArn)).status).toBe('FAILED');
      const mailsBefore = (await outbox(fast)).length;
      const targets = (await call(fast, 'GET', '/admin/campaigns/reprise', { headers: ADMIN })).body.progress.targets;
      expect(mailsBefore).toBe(3 * targets); // an invitation and two reminders each

      fast.lambdas.clearFaults();
      const counted = countInvocations(fast, WORKFLOWS['gtec-campaign'].functions);
      await fast.engine.redrive(created.body.executionArn);
      expect((await fast.engine.settled(created.body.executionArn)).status).toBe('SUCCEEDED');
      expect(counted()).toEqual({ PublishResults: 1 }); // nothing before the failed step ran again
      expect((await outbox(fast)).length).toBe(mailsBefore);
      expect((await call(fast, 'GET', '/admin/campaigns/reprise', { headers: ADMIN })).body).toMatchObject({
        status: 'PUBLISHED',
        progress: { targets, sent: targets, reminded: 2 * targets },
      });
    } finally {
      await fast.stop();
    }
  }, 30_000);

  it.each([
    { map: 'SendPages', threshold: undefined },
    { map: 'SendPagesDistributed', threshold: '200' },
  ])(
    'a page failing for good fails $map; the redrive runs only that page again and ends as a run without fault did',
    async ({ map, threshold }) => {
      if (threshold) process.env.DISTRIBUTED_MAP_ABOVE = threshold;
      // Which pages each round sent (SendSurveyPage's events, failed calls included).
      const sent: string[] = [];
      const fast = await startTestRuntime({
        waitTimeOverrides: { WaitForReminder: 20, WaitForClose: 20 },
        meter: {
          invocation: (id, event) => {
            const { campaignId, round, after } = event as { campaignId: string; round: number; after: string | null };
            if (id === 'SendSurveyPage') sent.push(`${campaignId}:${round}:${after}`);
          },
        },
      });
      try {
        const { withLuhnDigit } = await import('../../domain/siret.ts');
        // Two communes the demo registry does not use, 201 companies each: three pages each (100, 100, 1).
        const siret = (prefix: string, i: number) => withLuhnDigit(`${prefix}${String(i).padStart(12, '0')}`);
        const rows = ['Hendaye', 'Biarritz'].flatMap((commune, c) =>
          Array.from({ length: 201 }, (_, i) => `${siret(`${4 + c}`, i)};Entreprise ${i};43.21A;0-9;${commune};rh-${c}-${i}@example.fr`),
        );
        await call(fast, 'POST', '/admin/companies/import', {
          headers: { ...ADMIN, 'content-type': 'text/csv' },
          raw: `siret;nom;naf;taille;commune;email\n${rows.join('\n')}\n`,
        });
        const campaign = async (campaignId: string, commune: string) => {
          const created = await call(fast, 'POST', '/admin/campaigns', {
            headers: ADMIN,
            body: { campaignId, filters: { communes: [commune] }, reminders: [], closesAt: at(30 * 86_400_000) },
          });
          return { executionArn: created.body.executionArn as string, ended: await fast.engine.settled(created.body.executionArn) };
        };
        const outcome = async (campaignId: string) => {
          const { status, progress } = (await call(fast, 'GET', `/admin/campaigns/${campaignId}`, { headers: ADMIN })).body;
          const pages = sent.filter((s) => s.startsWith(`${campaignId}:`)).map((s) => s.slice(campaignId.length + 1));
          return { status, progress, pages };
        };
        const mailsTo = async (domain: string) => (await outbox(fast)).filter((m) => m.includes(`To: rh-${domain}-`)).length;

        expect((await campaign('sans-faute', 'Hendaye')).ended.status).toBe('SUCCEEDED');
        const reference = await outcome('sans-faute');
        // Pages run two at a time: the order they are sent in is not fixed.
        expect([...reference.pages].sort()).toEqual([`0:${siret('4', 199)}`, `0:${siret('4', 99)}`, '0:null'].sort());

        // The third page fails for good (its first two pages have been sent by then, two at a time).
        const lastPage = siret('5', 199);
        fast.lambdas.injectFault('SendSurveyPage', {
          times: Infinity,
          error: 'Error',
          when: (event) => (event as { after?: string }).after === lastPage,
        });
        const counted = countInvocations(fast, WORKFLOWS['gtec-campaign'].functions);
        const { executionArn, ended } = await campaign('avec-faute', 'Biarritz');
        expect(ended).toMatchObject({ status: 'FAILED', error: 'Error' });
        fast.lambdas.clearFaults();
        await fast.engine.redrive(executionArn);
        expect((await fast.engine.settled(executionArn)).status).toBe('SUCCEEDED');

        const redriven = await outcome('avec-faute');
        expect({ ...redriven, pages: [...new Set(redriven.pages)].sort() }).toEqual({
          ...reference,
          pages: ['0:null', `0:${siret('5', 99)}`, `0:${lastPage}`].sort(),
        });
        // Only the failed page ran again (its failed call, then the one that sent it); each company mailed once.
        expect(redriven.pages.filter((p) => p === `0:${lastPage}`)).toHaveLength(2);
        expect(redriven.pages).toHaveLength(4);
        expect(counted()).toEqual({ PrepareCampaign: 1, SendSurveyPage: 4, CloseCampaign: 1, PublishResults: 1 });
        expect(await mailsTo('1')).toBe(201);
        expect(await mailsTo('1')).toBe(await mailsTo('0'));
        const history = await fast.engine.history(executionArn);
        const again = history.findIndex((e) => e.type === 'ExecutionRedriven');
        expect(history.slice(again).find((e) => e.type === 'StateEntered')?.stateName).toBe(map);
      } finally {
        delete process.env.DISTRIBUTED_MAP_ABOVE;
        await fast.stop();
      }
    },
    60_000,
  );
});

describe('GTEC campaign of 10,000 companies', () => {
  it('plans 100 pages in a state far below the 256 KB limit, and takes the Distributed Map', async () => {
    // Prepare: 10,000 companies and a campaign targeting them all, stored without starting its run.
    const own = await startTestRuntime(); // the runtimes above re-pointed the process-wide ports
    try {
      const { withLuhnDigit } = await import('../../domain/siret.ts');
      const { upsertCompanies } = await import('../../store/companies.ts');
      const { createCampaign } = await import('../../store/campaigns.ts');
      const { DEFAULT_GTEC_QUESTIONNAIRE } = await import('../../domain/gtec/default-questionnaire.ts');
      await upsertCompanies(
        'pole-sud-aquitain',
        Array.from({ length: 10_000 }, (_, i) => ({
          siret: withLuhnDigit(`6${String(i).padStart(12, '0')}`),
          name: `Entreprise ${i}`,
          naf: '43.21A',
          nafSection: 'F' as const,
          sizeBand: '0-9' as const,
          commune: '64102',
          communeName: 'Bayonne',
          email: `rh-${i}@example.fr`,
        })),
        at(0),
      );
      await createCampaign({
        poleId: 'pole-sud-aquitain',
        campaignId: 'dix-mille',
        title: 'Enquête',
        filters: { communes: ['64102'] },
        createdAt: at(0),
        reminders: [at(7 * DAY), at(14 * DAY)],
        closesAt: at(21 * DAY),
        questionnaire: DEFAULT_GTEC_QUESTIONNAIRE,
        status: 'OPEN',
      });
      // Act: the workflow's first task, as the engine invokes it.
      const plan = (await own.lambdas.invoke('PrepareCampaign', { poleId: 'pole-sud-aquitain', campaignId: 'dix-mille' })) as {
        pages: { after: string | null }[];
        distributed: boolean;
      };
      // Assess: 100 cursors, each naming the last SIRET of the page before; every later state is this plan plus a date.
      expect(plan.pages).toHaveLength(100);
      expect(plan.pages[0]).toEqual({ after: null });
      expect(plan.pages[1]).toEqual({ after: withLuhnDigit(`6${String(99).padStart(12, '0')}`) });
      expect(plan.distributed).toBe(true);
      expect(Buffer.byteLength(JSON.stringify(plan))).toBeLessThan(4 * 1024);
      // A retried PrepareCampaign returns the same plan and snapshots nothing again.
      expect(await own.lambdas.invoke('PrepareCampaign', { poleId: 'pole-sud-aquitain', campaignId: 'dix-mille' })).toEqual(plan);
    } finally {
      await own.stop();
    }
  }, 60_000);
});
