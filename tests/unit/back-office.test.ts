import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type HistoryEvent, timeline } from '../../domain/executions.ts';
import { backOfficeApplicationLink } from '../../domain/mails.ts';
import { buildBackOffice } from '../../web/build.ts';
import { aslGraph, choiceLabel, labelLines, layoutGraph, nodeHeight, START } from '../../web/lib/asl-graph.ts';
import { count, fte, longDate, percent, quantity, quarterName, squareMetres } from '../../web/lib/format.ts';
import { errorsByLine } from '../../web/lib/line-errors.ts';
import { href, parseRoute, type Route, SECTIONS, sectionOf } from '../../web/lib/routes.ts';
import { markText, stateMarks } from '../../web/lib/state-marks.ts';
import { DEFINITIONS } from '../../workflows/definitions.ts';
import { WORKFLOW_NAMES } from '../../workflows/names.ts';
import { stateLabel } from '../../workflows/state-labels.ts';

/**
 * The back-office's pure modules (web/lib/): its addresses, the graph it draws from each ASL file,
 * the marks it gives each state, the import errors set against the file's lines, its numbers; and
 * what its build carries.
 */

describe('addresses (hash routes)', () => {
  const routes: Route[] = [
    { page: 'home' },
    { page: 'members' },
    { page: 'applications' },
    { page: 'applications', status: 'AWAITING_DECISION' },
    { page: 'application', applicationId: 'app-73282932000074-0a1b2c3d4e' },
    { page: 'quarters' },
    { page: 'quarter', quarter: '2026-Q3' },
    { page: 'campaigns' },
    { page: 'campaign', campaignId: 'gtec-2027' },
    { page: 'executions' },
    { page: 'executions', workflow: 'gtec-campaign', status: 'FAILED', businessKey: 'recon 2026/Q3' },
    { page: 'execution', workflow: 'member-onboarding', name: 'pole-sud-aquitain--app-1' },
  ];

  it('reads back every address it writes, query and odd characters included', () => {
    for (const route of routes) expect(parseRoute(href(route)), href(route)).toEqual(route);
    expect(href({ page: 'executions', status: 'FAILED', businessKey: 'a&b' })).toBe('#/executions?statut=FAILED&cle=a%26b');
  });

  it('is the home page for an empty hash, not a route for an in-page anchor, and not-found for the rest', () => {
    expect(parseRoute('')).toEqual({ page: 'home' });
    expect(parseRoute('#/')).toEqual({ page: 'home' });
    expect(parseRoute('#main')).toBeNull();
    expect(parseRoute('#/nulle-part')).toEqual({ page: 'not-found', path: 'nulle-part' });
    expect(parseRoute('#/executions/un-seul-segment')).toEqual({ page: 'not-found', path: 'executions/un-seul-segment' });
    expect(parseRoute('#/membres/trop/de/segments')).toMatchObject({ page: 'not-found' });
  });

  it('opens the application the committee’s mail links to', () => {
    const link = new URL(backOfficeApplicationLink('https://pole.example.fr', 'app-73282932000074-0123456789'));
    expect(link.pathname).toBe('/admin');
    expect(parseRoute(link.hash)).toEqual({ page: 'application', applicationId: 'app-73282932000074-0123456789' });
  });

  it('marks the section of each page in the navigation', () => {
    expect(SECTIONS.map((s) => s.label)).toEqual([
      'Accueil',
      'Membres et bâtiment',
      'Candidatures',
      'Trimestres',
      'Entreprises et campagnes',
      'Exécutions',
    ]);
    expect(routes.map(sectionOf)).toEqual([
      'home',
      'members',
      'applications',
      'applications',
      'applications',
      'quarters',
      'quarters',
      'campaigns',
      'campaigns',
      'executions',
      'executions',
      'executions',
    ]);
  });
});

describe('the state machine drawn from its ASL file', () => {
  it.each(WORKFLOW_NAMES)('%s: every state once, every transition between existing states, nested states under their Map', (workflow) => {
    const definition = DEFINITIONS[workflow];
    const graph = aslGraph(definition);
    const names = graph.nodes.map((n) => n.id);
    expect(new Set(names).size).toBe(names.length);
    const states: string[] = [];
    const walk = (s: Record<string, Record<string, unknown>>) => {
      for (const [name, state] of Object.entries(s)) {
        states.push(name);
        const inner = (state.ItemProcessor ?? state.Iterator) as { States: Record<string, Record<string, unknown>> } | undefined;
        if (inner) walk(inner.States);
      }
    };
    walk(definition.States as Record<string, Record<string, unknown>>);
    expect(names.filter((n) => n !== START).sort()).toEqual(states.sort());
    for (const edge of graph.edges) {
      expect(names, `${edge.from} → ${edge.to}`).toContain(edge.from);
      expect(names, `${edge.from} → ${edge.to}`).toContain(edge.to);
    }
    expect(graph.edges.filter((e) => e.from === START)).toEqual([{ from: START, to: definition.StartAt, kind: 'start' }]);
    // A state that is not terminal leads somewhere.
    for (const node of graph.nodes.filter((n) => !n.terminal && n.id !== START))
      expect(
        graph.edges.some((e) => e.from === node.id),
        node.id,
      ).toBe(true);
  });

  it('draws the onboarding’s choices, catches and loop, and the campaign’s Map with its processor', () => {
    const onboarding = aslGraph(DEFINITIONS['member-onboarding']);
    expect(onboarding.edges).toContainEqual({ from: 'ChecksPassed', to: 'NotifyRejection', kind: 'default', label: 'sinon' });
    expect(onboarding.edges).toContainEqual(
      expect.objectContaining({ from: 'AwaitCommitteeDecision', to: 'PlanCommitteeWait', kind: 'catch' }),
    );
    // Technical failures are not caught (the execution fails, to be redriven): only the waits' timeouts loop back.
    expect(onboarding.edges.filter((e) => e.kind === 'catch').map((e) => e.from)).toEqual(['AwaitCommitteeDecision']);
    expect(aslGraph(DEFINITIONS['quarterly-reconciliation']).edges).toContainEqual(
      expect.objectContaining({ from: 'AwaitApproval', to: 'PlanApprovalWait', kind: 'catch' }),
    );
    const campaign = aslGraph(DEFINITIONS['gtec-campaign']);
    expect(campaign.nodes).toContainEqual({ id: 'SendPage', label: 'SendPage', type: 'Task', parent: 'SendPages', terminal: true });
    expect(campaign.edges).toContainEqual({ from: 'SendPages', to: 'SendPage', kind: 'iteration', label: 'pour chaque élément' });
  });

  it('captions a Choice rule in short', () => {
    expect(choiceLabel({ Variable: '$.checks.passed', BooleanEquals: true, Next: 'X' })).toBe('passed = true');
    expect(choiceLabel({ Variable: '$.n', NumericGreaterThanEqualsPath: '$.limit', Next: 'X' })).toBe('n ≥ limit');
    expect(choiceLabel({ And: [{ Variable: '$.a', IsPresent: true }, { Not: { Variable: '$.b', StringEquals: 'x' } }], Next: 'X' })).toBe(
      'a présent et non (b = x)',
    );
    expect(
      choiceLabel({
        Or: [
          { Variable: '$.c', IsNull: false },
          { Variable: '$.d', NumericLessThan: 3 },
        ],
        Next: 'X',
      }),
    ).toBe('c non nul ou d < 3');
  });

  it('names each state by its French label, its ASL name kept as the id', () => {
    const graph = aslGraph(DEFINITIONS['gtec-campaign'], (state) => stateLabel('gtec-campaign', state));
    expect(graph.nodes).toContainEqual({
      id: 'SendPage',
      label: 'Envoi d’une page d’invitations ou de relances',
      type: 'Task',
      parent: 'SendPages',
      terminal: true,
    });
    expect(graph.nodes.filter((n) => n.id !== START && n.label === n.id)).toEqual([]);
  });

  it('puts a long label on two lines, cut at the space nearest its middle; a short one, or one word, on one', () => {
    expect(labelLines('Activation du membre')).toEqual(['Activation du membre']);
    expect(labelLines('Envoi d’une page d’invitations ou de relances')).toEqual(['Envoi d’une page', 'd’invitations ou de relances']);
    expect(labelLines('Rappel au comité et prochaine échéance')).toEqual(['Rappel au comité et', 'prochaine échéance']);
    expect(labelLines('SendPagesDistributedWithAVeryLongName')).toEqual(['SendPagesDistributedWithAVeryLongName']);
  });

  it.each(WORKFLOW_NAMES)('%s: each box wide and high enough for its label, its state name and its outcome', (workflow) => {
    const layout = layoutGraph(aslGraph(DEFINITIONS[workflow], (state) => stateLabel(workflow, state)));
    for (const n of layout.nodes.filter((node) => node.id !== START)) {
      expect(n.lines.join(' '), n.id).toBe(n.label);
      expect(n.lines.length, n.id).toBeLessThanOrEqual(2);
      // At most 7.4 px per character of the 13 px bold label, 6.4 of the 10.5 px monospace name, with a margin.
      for (const line of n.lines) expect(n.width, `${n.id}: ${line}`).toBeGreaterThanOrEqual(line.length * 7.4 + 20);
      expect(n.width, n.id).toBeGreaterThanOrEqual(n.id.length * 6.4 + 20);
      expect(n.height, n.id).toBe(nodeHeight(n.lines.length));
    }
  });

  it.each(WORKFLOW_NAMES)('%s: laid out inside its drawing, no two states overlapping, every edge with a path', (workflow) => {
    const layout = layoutGraph(aslGraph(DEFINITIONS[workflow], (state) => stateLabel(workflow, state)));
    for (const n of layout.nodes) {
      expect(n.x - n.width / 2, n.id).toBeGreaterThanOrEqual(0);
      expect(n.y - n.height / 2, n.id).toBeGreaterThanOrEqual(0);
      expect(n.x + n.width / 2, n.id).toBeLessThanOrEqual(layout.width);
      expect(n.y + n.height / 2, n.id).toBeLessThanOrEqual(layout.height);
    }
    for (const [i, a] of layout.nodes.entries())
      for (const b of layout.nodes.slice(i + 1)) {
        const apart = Math.abs(a.x - b.x) >= (a.width + b.width) / 2 || Math.abs(a.y - b.y) >= (a.height + b.height) / 2;
        expect(apart, `${a.id} / ${b.id}`).toBe(true);
      }
    for (const e of layout.edges) expect(e.points.length, `${e.from} → ${e.to}`).toBeGreaterThanOrEqual(2);
  });
});

describe('each state marked by what happened to it in the execution', () => {
  const at = (i: number) => new Date(Date.UTC(2026, 10, 26, 8, 0, i)).toISOString();
  const events = (...list: Omit<HistoryEvent, 'id' | 'timestamp'>[]): HistoryEvent[] =>
    list.map((e, i) => ({ id: i + 1, timestamp: at(i), ...e }));
  const states = aslGraph(DEFINITIONS['member-onboarding'])
    .nodes.map((n) => n.id)
    .filter((n) => n !== START);

  it('a failed onboarding: passed states succeeded, the loop counted, the failing task failed, the rest not reached', () => {
    // Prepare: the committee waited twice (the reminder loop), then the activation failed for good
    const history = events(
      { type: 'ExecutionStarted', input: {} },
      { type: 'StateEntered', stateName: 'RecordApplication', stateType: 'Task', input: {} },
      { type: 'StateExited', stateName: 'RecordApplication', output: {} },
      { type: 'StateEntered', stateName: 'PlanCommitteeWait', stateType: 'Task', input: {} },
      { type: 'StateExited', stateName: 'PlanCommitteeWait', output: {} },
      { type: 'StateEntered', stateName: 'PlanCommitteeWait', stateType: 'Task', input: {} },
      { type: 'StateExited', stateName: 'PlanCommitteeWait', output: {} },
      { type: 'StateEntered', stateName: 'ActivateMember', stateType: 'Task', input: { applicationId: 'app-1' } },
      { type: 'StateFailed', stateName: 'ActivateMember', error: 'Error', cause: 'boom' },
      { type: 'ExecutionFailed', error: 'Error', cause: 'boom' },
    );
    const { steps, failure } = timeline({ status: 'FAILED', error: 'Error', cause: 'boom' }, history);
    // Act
    const marks = stateMarks(states, steps, failure);
    // Assess
    expect(marks.get('RecordApplication')).toMatchObject({ mark: 'SUCCEEDED', visits: 1, failing: false });
    expect(marks.get('PlanCommitteeWait')).toMatchObject({ mark: 'SUCCEEDED', visits: 2 });
    expect(marks.get('ActivateMember')).toMatchObject({
      mark: 'FAILED',
      visits: 1,
      failing: true,
      last: { input: { applicationId: 'app-1' }, error: 'Error' },
    });
    expect(marks.get('NotifyWelcome')).toEqual({ mark: 'NOT_RUN', visits: 0, failing: false });
    expect([...marks.keys()].sort()).toEqual([...states].sort());
    expect(markText(marks.get('PlanCommitteeWait')!)).toBe('Réussie (2 passages)');
    expect(markText(marks.get('ActivateMember')!)).toBe('En échec');
    expect(markText(marks.get('NotifyWelcome')!)).toBe('Non atteinte');
  });

  it('after a redrive the last passage counts: the state failed before succeeds now, and fails no more', () => {
    const history = events(
      { type: 'ExecutionStarted', input: {} },
      { type: 'StateEntered', stateName: 'ActivateMember', stateType: 'Task', input: {} },
      { type: 'StateFailed', stateName: 'ActivateMember', error: 'Error', cause: 'boom' },
      { type: 'ExecutionFailed', error: 'Error', cause: 'boom' },
      { type: 'ExecutionRedriven' },
      { type: 'StateEntered', stateName: 'ActivateMember', stateType: 'Task', input: {} },
      { type: 'StateExited', stateName: 'ActivateMember', output: {} },
      { type: 'ExecutionSucceeded', output: {} },
    );
    const { steps, failure } = timeline({ status: 'SUCCEEDED' }, history);
    expect(stateMarks(states, steps, failure).get('ActivateMember')).toMatchObject({ mark: 'SUCCEEDED', visits: 2, failing: false });
  });
});

describe('an import’s errors against the file’s own lines', () => {
  it('groups the messages by line, in line order, each with its line as the file has it (BOM and CRLF dropped)', () => {
    const file = '\uFEFFcategorie;montant;cle\r\nLoyer;12 000,00;surface\r\nAccueil;douze;egal\r\nMénage;-5;usage\r\n';
    const rows = errorsByLine(file, [
      { line: 4, message: 'Montant négatif.' },
      { line: 3, message: 'Montant illisible : « douze ».' },
      { line: 4, message: 'Clé inconnue.' },
      { message: 'Une catégorie a deux clés.' },
      { line: 40, message: 'Ligne hors du fichier.' },
    ]);
    expect(rows).toEqual([
      { line: 0, messages: ['Une catégorie a deux clés.'] },
      { line: 3, text: 'Accueil;douze;egal', messages: ['Montant illisible : « douze ».'] },
      { line: 4, text: 'Ménage;-5;usage', messages: ['Montant négatif.', 'Clé inconnue.'] },
      { line: 40, messages: ['Ligne hors du fichier.'] },
    ]);
  });
});

describe('numbers and dates, in French', () => {
  it('writes quantities, areas, FTE, rates, counts, quarters and dates as a French reader expects', () => {
    const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
    expect(nbsp(quantity(1250.5))).toBe('1 250,5');
    expect(squareMetres(33.3)).toBe('33,3 m²');
    expect(fte(0.75)).toBe('0,75 ETP');
    expect(nbsp(percent(42.46))).toBe('42,5 %');
    expect([count(0, 'entreprise'), count(1, 'entreprise'), count(2, 'entreprise')]).toEqual([
      '0 entreprise',
      '1 entreprise',
      '2 entreprises',
    ]);
    expect([quarterName('2026-Q1'), quarterName('2026-Q3'), quarterName('autre')]).toEqual([
      '1er trimestre 2026',
      '3e trimestre 2026',
      'autre',
    ]);
    expect(longDate('2027-01-04')).toBe('4 janvier 2027');
    expect(longDate(undefined)).toBe('—');
  });
});

describe('the browser build', () => {
  it('carries the pages, domain vocabularies and dagre, and nothing of the server: no zod, no Node built-in, no store', async () => {
    const { assets, page, inputs } = await buildBackOffice(await mkdtemp(join(tmpdir(), 'back-office-')));
    const files = Object.keys(inputs);
    expect(files.filter((f) => f.startsWith('node_modules/')).map((f) => f.split('/').slice(1, 3).join('/'))).toEqual(['@dagrejs/dagre']);
    expect(files.filter((f) => /^(store|services|ports|functions|local|infra)\//.test(f) || f.startsWith('node:'))).toEqual([]);
    expect(files).toEqual(
      expect.arrayContaining([
        'domain/labels.ts',
        'domain/executions.ts',
        'domain/error-labels.ts',
        'workflows/state-labels.ts',
        'web/app/main.ts',
        'web/lib/asl-graph.ts',
      ]),
    );
    // The state labels are typed from the ASL files, which the page fetches: the files themselves are not bundled.
    expect(files.filter((f) => f.endsWith('.json'))).toEqual([]);
    const script = assets[page.script.split('/').at(-1)!]!;
    expect(script.contentType).toBe('text/javascript; charset=utf-8');
    // A budget, not a timing: the whole back-office well under 200 KB before compression.
    expect(Buffer.byteLength(script.body)).toBeLessThan(200_000);
    expect(assets[page.style.split('/').at(-1)!]!.contentType).toBe('text/css; charset=utf-8');
  });
});
