import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ADMIN, type Runtime } from '../../local/runtime.ts';
import { WORKFLOWS } from '../../workflows/catalog.ts';
import { WORKFLOW_NAMES } from '../../workflows/names.ts';
import { applyAndConfirm } from '../support/applicant.ts';
import { aForm, testSiret } from '../support/forms.ts';
import { ADMIN, call, eventually, startTestRuntime } from '../support/runtime.ts';

/**
 * What the back-office reads besides the existing admin routes: its page and built files, the
 * lists of applications, quarters and campaigns, the live count of a campaign's targets, and each
 * workflow's ASL definition. Good input and bad, over HTTP against dynalite.
 */

const OTHER_POLE_ADMIN = { token: 'autre-pole-admin-token', poleId: 'autre-pole', subject: 'animation@autre-pole.example.fr' };
const OTHER = { authorization: `Bearer ${OTHER_POLE_ADMIN.token}` };
const DAY = 86_400_000;

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startTestRuntime({ admins: [DEMO_ADMIN, OTHER_POLE_ADMIN] });
});
afterAll(() => runtime.stop());

const get = (path: string, headers: Record<string, string> = ADMIN) => call(runtime, 'GET', path, { headers });
const raw = (path: string, headers: Record<string, string> = {}) => fetch(`${runtime.url}${path}`, { headers });

/** A field named by a 400, as the API names it. */
const issueFields = (body: { error: { issues?: { field: string }[] } }) => (body.error.issues ?? []).map((i) => i.field);

describe('the back-office page and its files', () => {
  it('serves the page with script and style sheet from the API itself, and each file with a year of cache', async () => {
    const page = await raw('/admin');
    expect(page.status).toBe(200);
    // Its own files, and one inline script: the sign-in's, allowed by its hash (never 'unsafe-inline').
    const policy = page.headers.get('content-security-policy')!;
    expect(policy).toMatch(/script-src 'sha256-[\w+/=]+' 'self';/);
    expect(policy).toContain("style-src 'self';");
    expect(policy).not.toContain('unsafe-inline');
    const html = await page.text();
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html).toContain('var PoleAuth');
    const [script, style] = [
      /<script type="module" src="([^"]+)"/.exec(html)![1]!,
      /<link rel="stylesheet" href="([^"]+)"/.exec(html)![1]!,
    ];
    for (const [path, type] of [
      [script, 'text/javascript; charset=utf-8'],
      [style, 'text/css; charset=utf-8'],
    ] as const) {
      const file = await raw(path, { 'accept-encoding': 'identity' });
      expect(file.status, path).toBe(200);
      expect(file.headers.get('content-type')).toBe(type);
      expect(file.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(file.headers.get('content-encoding')).toBeNull();
      const text = await file.text();
      expect(text.length).toBeGreaterThan(1000);
      // Gzipped for a browser that accepts it (fetch inflates it again): the same file.
      const zipped = await raw(path, { 'accept-encoding': 'gzip, deflate, br' });
      expect(zipped.headers.get('content-encoding')).toBe('gzip');
      expect(zipped.headers.get('vary')).toBe('accept-encoding');
      expect(await zipped.text()).toBe(text);
    }
  });

  it('answers 404 for a file it does not have and 400 for a name that is not a file name', async () => {
    const missing = await raw('/admin/assets/app-INCONNU.js');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'NOT_FOUND', field: 'file' } });
    for (const name of ['constructor', '__proto__', 'toString']) expect((await raw(`/admin/assets/${name}`)).status, name).toBe(404);
    const bad = await raw('/admin/assets/%2E%2E%2Fpackage.json');
    expect(bad.status).toBe(400);
    expect(issueFields((await bad.json()) as Parameters<typeof issueFields>[0])).toEqual(['path.file']);
  });
});

describe('GET /admin/applications', () => {
  it('lists the pôle’s applications newest first, by status and by a piece of the name or SIRET (accents and case aside)', async () => {
    const first = await applyAndConfirm(
      runtime,
      aForm({ siret: testSiret(801), structureName: 'Ébénisterie Solidaire', requestedAreaM2: 10 }),
    );
    runtime.clock.advance(60_000);
    const second = await applyAndConfirm(
      runtime,
      aForm({ siret: testSiret(802), structureName: 'Ressourcerie de Tarnos', requestedAreaM2: 10 }),
    );
    const ids = [second.body.applicationId, first.body.applicationId];
    await eventually(async () => {
      const { body } = await get('/admin/applications?status=AWAITING_DECISION');
      return ids.every((id) => body.applications.some((a: { applicationId: string }) => a.applicationId === id));
    }, 15_000);

    const all = (await get('/admin/applications')).body;
    expect(all.count).toBe(all.applications.length);
    expect(
      all.applications
        .filter((a: { applicationId: string }) => ids.includes(a.applicationId))
        .map((a: { applicationId: string }) => a.applicationId),
    ).toEqual(ids);
    expect(all.applications.find((a: { applicationId: string }) => a.applicationId === ids[0])).toEqual({
      applicationId: ids[0],
      structureName: 'Ressourcerie de Tarnos',
      siret: testSiret(802),
      legalForm: 'SCIC',
      status: 'AWAITING_DECISION',
      submittedAt: expect.any(String),
      requestedAreaM2: 10,
      fte: 3.5,
      expiresAt: expect.any(String),
    });
    // No contact details nor history in a list.
    expect(JSON.stringify(all)).not.toContain('maite@');

    expect(
      (await get('/admin/applications?search=EBENIST')).body.applications.map((a: { applicationId: string }) => a.applicationId),
    ).toEqual([ids[1]]);
    expect((await get(`/admin/applications?search=${testSiret(802)}`)).body.count).toBe(1);
    // A SIRET as people write it, in groups: the same application.
    const spaced = testSiret(802).replace(/^(\d{3})(\d{3})(\d{3})/, '$1 $2 $3 ');
    expect((await get(`/admin/applications?search=${encodeURIComponent(spaced)}`)).body.count).toBe(1);
    expect(
      (await get('/admin/applications?status=REJECTED')).body.applications.every((a: { status: string }) => a.status === 'REJECTED'),
    ).toBe(true);
    // Another pôle sees none of them.
    expect((await get('/admin/applications', OTHER)).body).toEqual({ applications: [], count: 0 });
  });

  it('refuses an unknown status, an empty search, an unknown parameter, and a request without a token', async () => {
    const bad = await get('/admin/applications?status=PENDING');
    expect(bad.status).toBe(400);
    expect(issueFields(bad.body)).toEqual(['query.status']);
    expect(issueFields((await get('/admin/applications?search=%20')).body)).toEqual(['query.search']);
    expect((await get('/admin/applications?tri=nom')).status).toBe(400);
    expect((await get('/admin/applications', {})).status).toBe(401);
  });
});

describe('GET /admin/reconciliations', () => {
  it('lists the pôle’s quarters, the latest first, with the current quarter and the one just ended by the runtime’s clock', async () => {
    const { status, body } = await get('/admin/reconciliations');
    expect(status).toBe(200);
    const today = runtime.clock.now().toISOString().slice(0, 7);
    const current = `${today.slice(0, 4)}-Q${Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1}`;
    expect(body.current).toBe(current);
    expect(body.previous).toMatch(/^\d{4}-Q[1-4]$/);
    expect(body.previous < body.current).toBe(true);
    // The demo's first quarter is posted; no quarter carries its task token or history in the list.
    expect(body.quarters.length).toBeGreaterThan(0);
    expect(body.quarters.some((q: { status: string }) => q.status === 'POSTED')).toBe(true);
    const names = body.quarters.map((q: { quarter: string }) => q.quarter);
    expect(names).toEqual([...names].sort().reverse());
    for (const q of body.quarters) expect(Object.keys(q)).not.toEqual(expect.arrayContaining(['taskToken']));
    expect(body.quarters.every((q: object) => !('history' in q) && !('taskToken' in q))).toBe(true);
    expect((await get('/admin/reconciliations', OTHER)).body.quarters).toEqual([]);
  });
});

describe('campaigns: the live count of targets and the list', () => {
  it('counts the registry’s companies a campaign would target, with each filter’s choices, labels and counts', async () => {
    const all = await get('/admin/campaigns/targets/count');
    expect(all.status).toBe(200);
    expect(all.body.count).toBe(all.body.total);
    expect(all.body.total).toBeGreaterThan(10);
    const { nafSection, sizeBand, commune } = all.body.choices;
    expect(nafSection).toHaveLength(21);
    expect(nafSection.find((c: { code: string }) => c.code === 'F')).toEqual({
      code: 'F',
      label: 'F — Construction',
      companies: expect.any(Number),
    });
    expect(sizeBand.map((c: { code: string }) => c.code)).toEqual(['0-9', '10-49', '50-249', '250+']);
    expect(sizeBand[1].label).toBe('10 à 49 salariés');
    for (const segment of [nafSection, sizeBand, commune])
      expect(segment.reduce((sum: number, c: { companies: number }) => sum + c.companies, 0)).toBe(all.body.total);

    // Communes by INSEE code, labelled by name; a name is resolved as the campaign creation resolves it.
    const tarnos = commune.find((c: { code: string }) => c.code === '40312');
    expect(tarnos).toMatchObject({ label: expect.stringContaining('Tarnos') });
    expect((await get('/admin/campaigns/targets/count?communes=40312')).body.count).toBe(tarnos.companies);
    expect((await get('/admin/campaigns/targets/count?communes=Tarnos')).body.count).toBe(tarnos.companies);
    const narrower = (await get('/admin/campaigns/targets/count?communes=Tarnos&sizeBands=10-49,50-249&nafSections=C,F')).body.count;
    expect(narrower).toBeLessThanOrEqual(tarnos.companies);
    expect((await get('/admin/campaigns/targets/count', OTHER)).body).toMatchObject({ count: 0, total: 0 });
  });

  it('names the filter and the value at fault: an unknown section or size band, an empty commune, an unknown filter', async () => {
    const section = await get('/admin/campaigns/targets/count?nafSections=C,Z');
    expect(section.status).toBe(400);
    expect(issueFields(section.body)).toEqual(['query.nafSections.1']);
    expect(issueFields((await get('/admin/campaigns/targets/count?sizeBands=10-50')).body)).toEqual(['query.sizeBands.0']);
    expect(issueFields((await get('/admin/campaigns/targets/count?communes=Tarnos,')).body)).toEqual(['query.communes.1']);
    expect(issueFields((await get('/admin/campaigns/targets/count?communes=Tarnos,Tarnoss')).body)).toEqual(['filters.communes.1']);
    expect((await get('/admin/campaigns/targets/count?secteur=C')).status).toBe(400);
  });

  it('lists the campaigns the latest first, each with its progress; another pôle sees none', async () => {
    const closesAt = new Date(runtime.clock.now().getTime() + 30 * DAY).toISOString();
    for (const campaignId of ['liste-a', 'liste-b']) {
      const created = await call(runtime, 'POST', '/admin/campaigns', {
        headers: ADMIN,
        body: { campaignId, title: `Enquête ${campaignId}`, filters: { communes: ['Tarnos'] }, closesAt },
      });
      expect(created.status).toBe(202);
      runtime.clock.advance(1000);
    }
    const { body } = await get('/admin/campaigns');
    expect(body.campaigns.map((c: { campaignId: string }) => c.campaignId).slice(0, 2)).toEqual(['liste-b', 'liste-a']);
    expect(body.campaigns[0]).toMatchObject({
      title: 'Enquête liste-b',
      status: 'OPEN',
      filters: { communes: ['40312'] },
      progress: { targets: expect.any(Number), sent: expect.any(Number), reminded: 0, answered: 0, ratePct: 0 },
      published: false,
    });
    // Once its invitations are out, the same view as the campaign's own route.
    const settled = await eventually(async () => {
      const [list, one] = [(await get('/admin/campaigns')).body.campaigns[0], (await get('/admin/campaigns/liste-b')).body];
      return one.progress.targets > 0 && one.progress.sent === one.progress.targets && JSON.stringify(list) === JSON.stringify(one) && one;
    }, 15_000);
    expect(settled).toMatchObject({ campaignId: 'liste-b', progress: { reminded: 0, answered: 0 } });
    expect((await get('/admin/campaigns', OTHER)).body).toEqual({ campaigns: [] });
  });
});

describe('GET /admin/workflows/{workflow}/definition', () => {
  it.each(WORKFLOW_NAMES)('serves %s’s ASL file as it stands in workflows/', async (workflow) => {
    const { status, body } = await get(`/admin/workflows/${workflow}/definition`);
    expect(status).toBe(200);
    expect(body).toEqual({ workflow, definition: JSON.parse(readFileSync(WORKFLOWS[workflow].file, 'utf8')) });
  });

  it('refuses a workflow that does not exist, naming the path parameter', async () => {
    const { status, body } = await get('/admin/workflows/inconnu/definition');
    expect(status).toBe(400);
    expect(issueFields(body)).toEqual(['path.workflow']);
    expect((await get('/admin/workflows/member-onboarding/definition', {})).status).toBe(401);
  });
});
