/**
 * Quarterly reconciliation on the embedded runtime, at 15 / 150 / 1,500 members with 10,000 cost
 * lines: the workflow from start to posted and mailed (the admin's approval given as soon as the
 * draft is ready), with wall time, DynamoDB requests, state transitions and peak memory.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AllocationKey } from '../domain/contribution.ts';
import { withLuhnDigit } from '../domain/siret.ts';
import { totalRequests } from '../local/dynamo-clients.ts';
import { startRuntime } from '../local/runtime.ts';
import { importInputs } from '../services/reconciliation.ts';
import { createMember } from '../store/members.ts';
import { fmt, table } from './report.ts';

export const RECONCILIATION_TARGET_MS = 10_000;
const SIZES = (process.env.BENCH_MEMBERS ?? '15,150,1500').split(',').map(Number);
const COST_LINES = Number(process.env.BENCH_COST_LINES ?? 10_000);
const POLE = 'pole-sud-aquitain';
// The demo pôle's next quarter to approve (its first, 2026-Q2, is posted by the seed); it has ended.
const QUARTER = '2026-Q3';
const CATEGORIES: [string, AllocationKey][] = [
  ['Charges du bâtiment', 'AREA'],
  ['Chauffage', 'AREA'],
  ['Ménage', 'AREA'],
  ['Accueil mutualisé', 'EQUAL'],
  ['Animation du pôle', 'EQUAL'],
  ['Ressources humaines', 'HEADCOUNT'],
  ['Formation', 'HEADCOUNT'],
  ['Salles de réunion', 'USAGE'],
  ['Véhicules partagés', 'USAGE'],
  ['Ingénierie sociale', 'FIXED'],
];

export interface ReconciliationFigures {
  members: number;
  wallMs: number;
  computeMs: number;
  postMs: number;
  dynamo: number;
  transitions: number;
  peakRssMiB: number;
}

async function once(memberCount: number): Promise<ReconciliationFigures> {
  const outboxDir = await mkdtemp(join(tmpdir(), 'bench-recon-'));
  const runtime = await startRuntime({ dataDir: null, outboxDir, port: 0, retryDelayMs: 0 });
  const admin = { authorization: 'Bearer demo-admin-token', 'content-type': 'application/json' };
  try {
    const ids: string[] = [];
    for (let i = 0; i < memberCount; i++) {
      const siret = withLuhnDigit(`8${String(i).padStart(12, '0')}`);
      ids.push(siret);
      await createMember({
        poleId: POLE,
        memberId: siret,
        siret,
        name: `Structure ${i}`,
        legalForm: 'SCIC',
        essStatus: 'ESUS',
        // Quantities with decimals, as real members have them (33,25 m², 0,75 FTE…).
        areaM2: 10 + (i % 90) + (i % 4) / 4,
        fte: 0.25 + (i % 24) / 4,
        sharedServices: [],
        startDate: i % 7 === 0 ? '2026-08-16' : '2025-01-01',
        contactEmail: `membre-${i}@example.fr`,
        areaHolder: siret,
      });
    }
    const at = new Date().toISOString();
    await importInputs(
      POLE,
      QUARTER,
      'costs',
      Array.from({ length: COST_LINES }, (_, n) => {
        const [category, key] = CATEGORIES[n % CATEGORIES.length]!;
        return { category, key, amountCents: 1_000 + ((n * 7_919) % 250_000), label: `Facture ${n + 1}` };
      }),
      'json',
      at,
    );
    await importInputs(
      POLE,
      QUARTER,
      'subsidies',
      [
        { funder: 'Région', amountCents: 5_000_000 },
        { funder: 'Département', amountCents: 1_000_000, earmark: 'Formation' },
      ],
      'json',
      at,
    );
    await importInputs(
      POLE,
      QUARTER,
      'advances',
      ids.map((memberId) => ({ memberId, amountCents: 50_000 })),
      'json',
      at,
    );
    await importInputs(
      POLE,
      QUARTER,
      'usage',
      ids.flatMap((memberId, i) => [
        { memberId, category: 'Salles de réunion', units: 1 + (i % 20) / 2 },
        { memberId, category: 'Véhicules partagés', units: i % 3 },
      ]),
      'json',
      at,
    );
    await importInputs(
      POLE,
      QUARTER,
      'fixed',
      ids.map((memberId, i) => ({ memberId, category: 'Ingénierie sociale', weight: 1 + (i % 4) * 0.25 })),
      'json',
      at,
    );

    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
    const dynamo0 = totalRequests(runtime.dynamoRequests);
    const transitions0 = runtime.engine.stateTransitions;
    const started = performance.now();
    const reply = await fetch(`${runtime.url}/admin/reconciliations/${QUARTER}/runs`, { method: 'POST', headers: admin });
    const run = (await reply.json()) as { executionArn?: string };
    if (!run.executionArn) throw new Error(`start refused: ${reply.status} ${JSON.stringify(run)}`);
    while (!runtime.engine.waitingStates(run.executionArn).includes('AwaitApproval')) {
      const { status, error, cause } = await runtime.engine.describe(run.executionArn);
      if (status !== 'RUNNING')
        throw new Error(`reconciliation of ${memberCount} members ended ${status} before approval: ${error} ${cause}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    const computeMs = performance.now() - started;
    const approved = performance.now();
    const decided = await fetch(`${runtime.url}/admin/reconciliations/${QUARTER}/decision`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ decision: 'APPROVE' }),
    });
    if (!decided.ok) throw new Error(`approval refused: ${decided.status} ${await decided.text()}`);
    const done = await runtime.engine.settled(run.executionArn);
    const postMs = performance.now() - approved;
    clearInterval(sampler);
    if (done.status !== 'SUCCEEDED')
      throw new Error(`reconciliation of ${memberCount} members ended ${done.status}: ${done.error} ${done.cause}`);
    return {
      members: memberCount,
      wallMs: computeMs + postMs,
      computeMs,
      postMs,
      dynamo: totalRequests(runtime.dynamoRequests) - dynamo0,
      transitions: runtime.engine.stateTransitions - transitions0,
      peakRssMiB: peakRss / 1024 / 1024,
    };
  } finally {
    await runtime.stop();
    await rm(outboxDir, { recursive: true, force: true });
  }
}

export async function runReconciliation(): Promise<ReconciliationFigures[]> {
  console.log(
    `${COST_LINES.toLocaleString('en-US')} cost lines in ${CATEGORIES.length} categories (all five keys), 2 subsidies, an advance, usage and FIXED shares per member.`,
  );
  console.log(
    'Wall time: start → draft ready (compute) and approval → posted and every statement mailed (post). Inputs imported beforehand.',
  );
  const results: ReconciliationFigures[] = [];
  for (const size of SIZES) results.push(await once(size));
  console.log();
  console.log(
    table(
      [
        'members',
        'wall ms',
        'compute ms',
        'post + mail ms',
        'DynamoDB requests',
        'per member',
        'state transitions',
        'peak RSS MiB',
        `< ${RECONCILIATION_TARGET_MS / 1000} s`,
      ],
      results.map((r) => [
        r.members.toLocaleString('en-US'),
        fmt(r.wallMs, 0),
        fmt(r.computeMs, 0),
        fmt(r.postMs, 0),
        r.dynamo.toLocaleString('en-US'),
        fmt(r.dynamo / r.members, 1),
        String(r.transitions),
        fmt(r.peakRssMiB, 0),
        r.wallMs < RECONCILIATION_TARGET_MS ? 'yes' : 'NO',
      ]),
      ['r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
    ),
  );
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) await runReconciliation();
