import { basename, extname } from 'node:path';
import type { Failure } from '../../domain/executions.ts';
import { QUARTER_PATTERN } from '../../domain/ids.ts';
import { INPUT_KIND_LABELS, INPUT_KINDS, type InputKind } from '../../domain/quarter-inputs.ts';
import { statusLabel as quarterStatusLabel, type StatementStatus } from '../../domain/statements.ts';
import { stateLabel } from '../../workflows/state-labels.ts';
import { ApiError, EXIT } from '../client.ts';
import { type Command, type Context, intervalMs, known, readText, save, text, until, usage } from '../command.ts';
import { euros, issuesReport, table, when } from '../format.ts';
import { type ExecutionDetailReply, executionNameOf, executionPath, renderFailure } from './executions.ts';

interface Quarter {
  quarter: string;
  status: StatementStatus;
  /** The status in French, as the API words it (a quarter not ended yet reads as a preview). */
  statusLabel?: string;
  inputs: Partial<Record<InputKind, { rows: number; importedAt: string; source: string }>>;
  draft?: {
    computedAt: string;
    totalNetCents: number;
    members: number;
    categories: { category: string; grossCents: number; netCents: number }[];
  };
  history: { at: string; status: string; by: string; reason?: string }[];
}

interface Statement {
  memberId: string;
  name: string;
  sharesCents: number;
  adjustments: { label: string; amountCents: number }[];
  advancesCents: number;
  balanceCents: number;
  lines: { category: string; cents: number }[];
}

const GROUP = 'Rapprochement trimestriel';
const WORKFLOW = 'quarterly-reconciliation';

/** A status code in French (a history entry, a decision's answer). */
const statusLabel = (status: string): string => quarterStatusLabel(status as StatementStatus, false);

function quarterArg(value: string | undefined): string {
  if (!value || !QUARTER_PATTERN.test(value))
    throw usage(`Trimestre attendu au format AAAA-Qn, par ex. 2026-Q4 (reçu : ${value ?? 'rien'}).`);
  return value;
}

const quarterPath = (quarter: string) => `/admin/reconciliations/${quarter}`;

function renderDraft(draft: NonNullable<Quarter['draft']>): string {
  const rows = draft.categories.map((c) => [c.category, euros(c.grossCents), euros(c.netCents)]);
  return [
    `Brouillon calculé le ${when(draft.computedAt)} : ${draft.members} membre(s), ${euros(draft.totalNetCents)} à répartir.`,
    table(['Catégorie', 'Coût', 'Restant à charge'], rows),
  ].join('\n');
}

function renderQuarter(q: Quarter): string {
  const inputs = INPUT_KINDS.map((kind) => {
    const ref = q.inputs[kind];
    return [
      INPUT_KIND_LABELS[kind],
      kind,
      ref ? String(ref.rows) : '—',
      ref ? `${ref.source.toUpperCase()}, ${when(ref.importedAt)}` : 'non importé',
    ];
  });
  const lines = [
    `Trimestre ${q.quarter} : ${q.statusLabel ?? statusLabel(q.status)}`,
    '',
    table(['Données', 'Type', 'Lignes', 'Import'], inputs),
  ];
  if (q.draft) lines.push('', renderDraft(q.draft));
  if (q.history.length > 0) {
    lines.push(
      '',
      table(
        ['Date', 'Statut', 'Par', 'Motif'],
        q.history.map((h) => [when(h.at), statusLabel(h.status), h.by, h.reason ?? '']),
      ),
    );
  }
  return lines.join('\n');
}

function renderStatements(quarter: string, status: string, statements: readonly Statement[]): string {
  if (statements.length === 0) return `Aucun relevé pour ${quarter} (lancez pole-admin quarter run ${quarter}).`;
  const adjustments = (s: Statement) => s.adjustments.reduce((sum, a) => sum + a.amountCents, 0);
  const rows = statements.map((s) => [
    s.name,
    s.memberId,
    euros(s.sharesCents),
    euros(adjustments(s)),
    euros(s.advancesCents),
    euros(s.balanceCents),
  ]);
  const total = (f: (s: Statement) => number) => euros(statements.reduce((sum, s) => sum + f(s), 0));
  rows.push(['Total', '', total((s) => s.sharesCents), total(adjustments), total((s) => s.advancesCents), total((s) => s.balanceCents)]);
  return [
    `Relevés du trimestre ${quarter} — ${statusLabel(status)}`,
    table(['Membre', 'SIRET', 'Quote-part', 'Ajustements', 'Avances', 'Solde'], rows),
  ].join('\n');
}

/** The kind of input a file holds: `--kind`, or its name (`costs.csv`). */
function kindOf(file: string, option: string | undefined): InputKind {
  const kind = option ?? basename(file, extname(file)).toLowerCase();
  if (!(INPUT_KINDS as readonly string[]).includes(kind)) {
    throw usage(
      `Type de données inconnu pour ${file} : nommez le fichier d’après son type (${INPUT_KINDS.join(', ')}) ou précisez --kind.`,
    );
  }
  return kind as InputKind;
}

const MEDIA: Record<string, string> = { '.csv': 'text/csv; charset=utf-8', '.json': 'application/json' };

function mediaOf(file: string): string {
  const media = MEDIA[extname(file).toLowerCase()];
  if (!media) throw usage(`${file} : un fichier .csv (export du cabinet comptable) ou .json (lignes en centimes) est attendu.`);
  return media;
}

/** Imports each file; a refused file is reported (its rows as a table) and the others still go. */
async function importFiles(ctx: Context, quarter: string, files: readonly string[], kindOption: string | undefined): Promise<number> {
  const planned = files.map((file) => ({ file, kind: kindOf(file, kindOption), media: mediaOf(file) }));
  if (kindOption && files.length > 1) throw usage('--kind ne s’emploie qu’avec un seul fichier.');
  const bar = ctx.progress(['Import']);
  const results: unknown[] = [];
  let refused = 0;
  try {
    for (const [i, { file, kind, media }] of planned.entries()) {
      bar.update({ Import: { value: i, total: planned.length, detail: basename(file) } });
      const content = await readText(file);
      try {
        const reply = await ctx.client.upload<{ rows: number }>(`${quarterPath(quarter)}/inputs/${kind}`, media, content);
        results.push({ file, ...reply });
        if (!ctx.json) ctx.io.out(`${basename(file)} → ${INPUT_KIND_LABELS[kind]} (${kind}) : ${reply.rows} ligne(s) importée(s).`);
      } catch (error) {
        if (!(error instanceof ApiError) || error.status >= 500) throw error;
        refused++;
        results.push({ file, kind, error: { status: error.status, code: error.code, message: error.message, issues: error.issues } });
        if (!ctx.json)
          ctx.io.err([`${basename(file)} → ${kind} : ${error.message}`, issuesReport(error.issues)].filter(Boolean).join('\n'));
      }
    }
    bar.update({ Import: { value: planned.length, total: planned.length, detail: '' } });
  } finally {
    bar.stop();
  }
  if (ctx.json) ctx.io.out(JSON.stringify(results, null, 2));
  return refused > 0 ? EXIT.refused : EXIT.ok;
}

/** Follows a run until its drafts are computed (or it fails), with a bar naming the step it is at. */
async function followRun(ctx: Context, quarter: string, executionArn: string, every: number): Promise<number> {
  const name = executionNameOf(executionArn);
  const label = `Rapprochement ${quarter}`;
  const bar = ctx.progress([label]);
  try {
    const outcome = await until(ctx, every, async () => {
      const [q, run] = await Promise.all([
        ctx.client.call<Quarter>('GET', quarterPath(quarter)),
        ctx.client.call<ExecutionDetailReply>('GET', executionPath(WORKFLOW, name)),
      ]);
      const done = q.draft !== undefined && q.status !== 'OPEN';
      const step = run.steps.at(-1)?.stateName;
      bar.update({ [label]: { value: done ? 1 : 0, total: 1, detail: step ? stateLabel(WORKFLOW, step) : '' } });
      if (run.execution.status !== 'RUNNING' && run.execution.status !== 'SUCCEEDED') return { q, failed: run };
      return done || run.execution.status === 'SUCCEEDED' ? { q } : undefined;
    });
    if ('failed' in outcome && outcome.failed) {
      const { execution, failure } = outcome.failed;
      ctx.show(outcome.failed, () =>
        [`Le rapprochement ${quarter} a échoué.`, ...(failure ? renderFailure(WORKFLOW, execution.status, failure as Failure) : [])].join(
          '\n',
        ),
      );
      return EXIT.refused;
    }
    ctx.show(outcome.q, () =>
      [
        renderQuarter(outcome.q),
        '',
        outcome.q.status === 'DRAFT'
          ? `À vérifier : pole-admin quarter statements ${quarter} ; puis pole-admin quarter approve ${quarter} (ou reject ${quarter} --reason "motif").`
          : '',
      ]
        .join('\n')
        .trimEnd(),
    );
    return EXIT.ok;
  } finally {
    bar.stop();
  }
}

/** Approves the drafts, or sends them back to be computed again. */
const decide =
  (decision: 'APPROVE' | 'REJECT'): Command['run'] =>
  async (ctx, [raw], options) => {
    const quarter = quarterArg(raw);
    const reason = text(options.reason);
    if (decision === 'REJECT' && !reason) throw usage('Un refus doit être motivé : --reason "motif".');
    const data = await ctx.client.call<{ quarter: string; status: string }>('POST', `${quarterPath(quarter)}/decision`, {
      decision,
      ...(reason && { reason }),
      ...(options.first === true && { firstQuarter: true }),
    });
    ctx.show(data, () =>
      decision === 'APPROVE'
        ? `Relevés du trimestre ${quarter} approuvés (${statusLabel(data.status).toLowerCase()}) : ils sont comptabilisés et envoyés aux membres.`
        : `Relevés du trimestre ${quarter} renvoyés au calcul (${statusLabel(data.status).toLowerCase()}).`,
    );
    return EXIT.ok;
  };

export const QUARTER_COMMANDS: readonly Command[] = [
  {
    name: 'quarter',
    args: ['<trimestre>'],
    group: GROUP,
    summary: 'un trimestre : statut, données, brouillon, historique',
    async run(ctx, [raw]) {
      const path = quarterPath(quarterArg(raw));
      const data = await ctx.client.call<Quarter>('GET', path);
      ctx.show(data, () => renderQuarter(data));
      return EXIT.ok;
    },
  },
  {
    name: 'quarter import',
    args: ['<trimestre>', '<fichier>…'],
    group: GROUP,
    summary: 'importe les données du trimestre, un fichier par type ; les lignes refusées sont listées',
    detail: `Chaque fichier est un export .csv du cabinet comptable (\`;\`, virgule décimale) ou des lignes .json en centimes, nommé d’après son type : ${INPUT_KINDS.map((k) => `${k} (${INPUT_KIND_LABELS[k].toLowerCase()})`).join(', ')}. Un import remplace ce type de données, tout ou rien : un fichier refusé n’importe rien, les autres sont importés.`,
    options: { kind: { type: 'string', value: 'TYPE', help: 'le type des données, quand le nom du fichier ne le dit pas' } },
    run: (ctx, [raw, ...files], options) =>
      importFiles(ctx, quarterArg(raw), files, text(options.kind) && known('Type', text(options.kind)!, INPUT_KINDS)),
  },
  {
    name: 'quarter run',
    args: ['<trimestre>'],
    group: GROUP,
    summary: 'lance le rapprochement et suit son calcul jusqu’aux relevés',
    options: {
      'no-wait': { type: 'boolean', help: 'rend la main dès le lancement' },
      interval: { type: 'string', value: 'S', help: 'secondes entre deux consultations (2 par défaut)' },
    },
    async run(ctx, [raw], options) {
      const quarter = quarterArg(raw);
      const every = intervalMs(options.interval, 2);
      const run = await ctx.client.call<{ executionArn?: string; posted?: boolean; message: string }>(
        'POST',
        `${quarterPath(quarter)}/runs`,
      );
      if (run.posted || !run.executionArn || options['no-wait']) {
        ctx.show(run, () => run.message);
        return EXIT.ok;
      }
      if (!ctx.json) ctx.io.out(run.message);
      return followRun(ctx, quarter, run.executionArn, every);
    },
  },
  {
    name: 'quarter statements',
    args: ['<trimestre>'],
    group: GROUP,
    summary: 'les relevés de tous les membres (--csv : pour le cabinet comptable)',
    options: {
      csv: { type: 'boolean', help: 'le CSV (en-têtes en français, `;`) au lieu du tableau' },
      out: { type: 'string', value: 'FICHIER', help: 'enregistre le CSV dans ce fichier' },
    },
    async run(ctx, [raw], options) {
      const quarter = quarterArg(raw);
      if (options.csv) {
        const { text: csv } = await ctx.client.download(`${quarterPath(quarter)}/statements?format=csv`);
        await save(ctx, csv, text(options.out), 'Relevés CSV');
        return EXIT.ok;
      }
      if (text(options.out)) throw usage('--out enregistre un fichier : ajoutez --csv.');
      const data = await ctx.client.call<{ status: string; statements: Statement[] }>('GET', `${quarterPath(quarter)}/statements`);
      ctx.show(data, () => renderStatements(quarter, data.status, data.statements));
      return EXIT.ok;
    },
  },
  {
    name: 'quarter statement',
    args: ['<trimestre>', '<siret>'],
    group: GROUP,
    summary: 'le relevé d’un membre (--html : la page imprimable)',
    options: {
      html: { type: 'boolean', help: 'la page imprimable (HTML) au lieu du texte' },
      out: { type: 'string', value: 'FICHIER', help: 'enregistre la page dans ce fichier' },
    },
    async run(ctx, [raw, siret], options) {
      const path = `${quarterPath(quarterArg(raw))}/statements/${encodeURIComponent(siret!)}`;
      if (options.html) {
        const { text: page } = await ctx.client.download(`${path}?format=html`);
        await save(ctx, page, text(options.out), 'Relevé');
        return EXIT.ok;
      }
      const data = await ctx.client.call<{ quarter: string; status: string; statement: Statement }>('GET', path);
      ctx.show(data, () => {
        const s = data.statement;
        const lines = s.lines.map((l) => [l.category, euros(l.cents)]);
        const extra = [...s.adjustments.map((a) => [a.label, euros(a.amountCents)]), ['Avances versées', euros(-s.advancesCents)]];
        return [
          `${s.name} [${s.memberId}] — trimestre ${data.quarter} (${statusLabel(data.status).toLowerCase()})`,
          table(['Rubrique', 'Montant'], [...lines, ...extra, ['Solde', euros(s.balanceCents)]]),
        ].join('\n');
      });
      return EXIT.ok;
    },
  },
  {
    name: 'quarter approve',
    args: ['<trimestre>'],
    group: GROUP,
    summary: 'approuve les relevés : comptabilisés, puis envoyés aux membres',
    detail: 'Une fois le trimestre terminé, et le trimestre précédent comptabilisé (ou ce trimestre déclaré premier du pôle : --first).',
    options: {
      premier: { type: 'boolean', help: 'déclare ce trimestre premier trimestre du pôle (aucun trimestre antérieur n’a de données)' },
    },
    run: decide('APPROVE'),
  },
  {
    name: 'quarter reject',
    args: ['<trimestre>'],
    group: GROUP,
    summary: 'renvoie les relevés au calcul, une fois les données corrigées',
    options: { reason: { type: 'string', value: '"motif"', help: 'ce qui est à corriger (obligatoire)' } },
    run: decide('REJECT'),
  },
];
