import { csvDocument } from '../csv-export.ts';
import { nafSection } from './companies.ts';
import { coarsen, MIN_COMPANIES, maskTable, type TableCell, tooFew } from './confidentiality.ts';
import { CONTRACT_TYPE_LABELS, type Segment, segmentLabel, sizeBandRank } from './labels.ts';
import { type Answers, CONTRACT_TYPES, type HiringLine, type Questionnaire } from './questionnaire.ts';

/**
 * A campaign's published results, built from plain data by one function (publishResults) that
 * applies the statistical confidentiality rules of docs/gtec-confidentiality.md. The JSON export,
 * the CSV export and the report page all render its output and nothing else.
 */

export interface Target {
  siret: string;
  naf: string;
  sizeBand: string;
  commune: string;
}
export interface Response {
  siret: string;
  answers: Answers;
}

/** A published figure: a number, or masked (never a number then, not even a bound). */
export type Cell = { value: number } | { masked: true };

export type Dimension = Segment;

export interface SegmentRow {
  key: string;
  label: string;
  /** Targeted companies: from the company register, not from the survey. */
  targets: number;
  respondents: Cell;
  /** Percentage of the row's targets that answered, one decimal. */
  responseRate: Cell;
  /** For the « others » row: the segments it groups. */
  includes?: { key: string; label: string }[];
}

export interface HiringRow {
  key: string;
  label: string;
  people: Cell;
}

export interface PublishedResults {
  /** 2: masked with secondary suppression; results stored before it are published again. */
  version: 2;
  targets: number;
  respondents: Cell;
  responseRate: Cell;
  bySegment: { dimension: Dimension; label: string; rows: SegmentRow[] }[];
  /** People to hire in 12 months; each table lists a fixed set of keys, in a fixed order. */
  hiring: { total: Cell; byJobFamily: HiringRow[]; byContractType: HiringRow[] };
  /** Percentage of the question's respondents who report recruitment difficulties. */
  difficulties: { label: string; share: Cell };
  /** Themes shown by number of companies (most first); masked themes apart, in the questionnaire's order. */
  trainingNeeds: { ranked: { key: string; label: string; companies: number }[]; unranked: { key: string; label: string }[] };
}

export const RESULTS_VERSION = 2;
export const OTHERS_KEY = 'autres';
/** Hiring lines given with a ROME code rather than a family of the list. */
export const ROME_KEY = 'rome';
const DIFFICULTIES = { question: 'difficulties', yes: 'oui', label: 'Entreprises déclarant des difficultés de recrutement' };
const TRAINING_QUESTION = 'training_needs';

const MASKED: Cell = { masked: true };
const shown = (value: number): Cell => ({ value });
const rate = (part: number, whole: number): number => (whole === 0 ? 0 : Math.round((1000 * part) / whole) / 10);

const DIMENSIONS: { dimension: Dimension; label: string; of: (t: Target) => string }[] = [
  { dimension: 'nafSection', label: 'Section NAF', of: (t) => nafSection(t.naf) ?? '?' },
  { dimension: 'sizeBand', label: 'Tranche d’effectif', of: (t) => t.sizeBand },
  { dimension: 'commune', label: 'Commune', of: (t) => t.commune },
];

type Keyed = { key: string; label: string };
const orderOf: Record<Dimension, (a: Keyed, b: Keyed) => number> = {
  nafSection: (a, b) => a.key.localeCompare(b.key),
  sizeBand: (a, b) => sizeBandRank(a.key) - sizeBandRank(b.key),
  commune: (a, b) => a.label.localeCompare(b.label, 'fr'),
};

/** Masks a table's cells (everything when `all`), returning each cell as published. */
function publishTable(cells: readonly TableCell[], all: boolean): Cell[] {
  const masked = all ? cells.map(() => true) : maskTable(cells);
  return cells.map((c, i) => (masked[i] ? MASKED : shown(c.value)));
}

function segmentTables(targets: readonly Target[], answered: ReadonlySet<string>, few: boolean): PublishedResults['bySegment'] {
  return DIMENSIONS.map(({ dimension, label, of }) => {
    const labelOf = (code: string) => segmentLabel(dimension, code);
    const groups = new Map<string, { targets: number; respondents: number }>();
    for (const t of targets) {
      const g = groups.get(of(t)) ?? { targets: 0, respondents: 0 };
      g.targets += 1;
      if (answered.has(t.siret)) g.respondents += 1;
      groups.set(of(t), g);
    }
    // Fewer than 3 targets in all: no breakdown (a single « others » row would only repeat the total).
    if (targets.length < MIN_COMPANIES) return { dimension, label, rows: [] };
    const { kept, merged } = coarsen(new Map([...groups].map(([k, g]) => [k, g.targets])));
    const ordered = kept.map((key) => ({ key, label: labelOf(key), ...groups.get(key)! })).sort(orderOf[dimension]);
    if (merged.length > 0) {
      const sum = (f: 'targets' | 'respondents') => merged.reduce((s, k) => s + groups.get(k)![f], 0);
      ordered.push({
        key: OTHERS_KEY,
        label: 'Autres (regroupées : moins de 3 entreprises chacune)',
        targets: sum('targets'),
        respondents: sum('respondents'),
      });
    }
    const cells = publishTable(
      ordered.map((r) => ({ value: r.respondents, bound: r.targets, primary: tooFew(r.respondents) })),
      few,
    );
    return {
      dimension,
      label,
      rows: ordered.map((r, i) => {
        const c = cells[i]!;
        const row: SegmentRow = {
          key: r.key,
          label: r.label,
          targets: r.targets,
          respondents: c,
          responseRate: 'masked' in c ? MASKED : shown(rate(c.value, r.targets)),
        };
        if (r.key === OTHERS_KEY)
          row.includes = merged.map((k) => ({ key: k, label: labelOf(k) })).sort((a, b) => a.label.localeCompare(b.label, 'fr'));
        return row;
      }),
    };
  });
}

function hiringTables(questionnaire: Questionnaire, responses: readonly Response[], few: boolean): PublishedResults['hiring'] {
  const question = questionnaire.questions.find((q) => q.kind === 'hiring');
  const families = question?.kind === 'hiring' ? question.jobFamilies : [];
  const jobKeys = [...families.map((f) => ({ key: f.value, label: f.label })), { key: ROME_KEY, label: 'Autres métiers (codes ROME)' }];
  const contractKeys = CONTRACT_TYPES.map((c) => ({ key: c as string, label: CONTRACT_TYPE_LABELS[c] }));
  const familyOf = (line: HiringLine) => (families.some((f) => f.value === line.jobFamily) ? line.jobFamily : ROME_KEY);
  const tally = (keyOf: (line: HiringLine) => string) => {
    const sums = new Map<string, { people: number; companies: Set<string> }>();
    for (const r of responses)
      for (const line of question ? ((r.answers[question.id] as HiringLine[] | undefined) ?? []) : []) {
        const s = sums.get(keyOf(line)) ?? { people: 0, companies: new Set<string>() };
        s.people += line.count;
        s.companies.add(r.siret);
        sums.set(keyOf(line), s);
      }
    return sums;
  };
  const total = tally(() => 'total').get('total') ?? { people: 0, companies: new Set<string>() };
  const totalMasked = few || tooFew(total.companies.size);
  const table = (keys: { key: string; label: string }[], keyOf: (line: HiringLine) => string): HiringRow[] => {
    const sums = tally(keyOf);
    const cells = keys.map(({ key }) => ({ value: sums.get(key)?.people ?? 0, primary: tooFew(sums.get(key)?.companies.size ?? 0) }));
    // A masked total hides what the two tables add up to: without it, masking within each table
    // would not be enough, so both are masked whole (zeros included).
    const published = publishTable(cells, totalMasked);
    return keys.map((k, i) => ({ ...k, people: published[i]! }));
  };
  return {
    total: totalMasked ? MASKED : shown(total.people),
    byJobFamily: table(jobKeys, familyOf),
    byContractType: table(contractKeys, (line) => line.contractType),
  };
}

/**
 * The published results of a campaign: its targets and the responses of those that answered,
 * masked by the rules of docs/gtec-confidentiality.md. Percentages have one decimal.
 */
export function publishResults(questionnaire: Questionnaire, targets: readonly Target[], responses: readonly Response[]): PublishedResults {
  const targeted = new Set(targets.map((t) => t.siret));
  const answers = responses.filter((r) => targeted.has(r.siret));
  const answered = new Set(answers.map((r) => r.siret));
  const respondents = answered.size;
  // Fewer than 3 targets or respondents: nothing computed from the answers is published.
  const few = targets.length < MIN_COMPANIES || respondents < MIN_COMPANIES;

  const saidYes = answers.filter((r) => r.answers[DIFFICULTIES.question] === DIFFICULTIES.yes).length;
  const askedDifficulties = answers.filter((r) => r.answers[DIFFICULTIES.question] !== undefined).length;
  const difficultiesMasked = few || askedDifficulties < MIN_COMPANIES || tooFew(saidYes) || tooFew(askedDifficulties - saidYes);

  const training = questionnaire.questions.find((q) => q.id === TRAINING_QUESTION);
  const themes = (training?.kind === 'multiple' ? training.options : []).map((o, order) => {
    const companies = answers.filter((r) => (r.answers[TRAINING_QUESTION] as string[] | undefined)?.includes(o.value)).length;
    // Masked when 1 or 2 companies chose it, or all respondents but 1 or 2 (its complement).
    return { key: o.value, label: o.label, companies, order, masked: few || tooFew(companies) || tooFew(respondents - companies) };
  });

  return {
    version: RESULTS_VERSION,
    targets: targets.length,
    respondents: few ? MASKED : shown(respondents),
    responseRate: few ? MASKED : shown(rate(respondents, targets.length)),
    bySegment: segmentTables(targets, answered, few),
    hiring: hiringTables(questionnaire, answers, few),
    difficulties: { label: DIFFICULTIES.label, share: difficultiesMasked ? MASKED : shown(rate(saidYes, askedDifficulties)) },
    trainingNeeds: {
      ranked: themes
        .filter((t) => !t.masked)
        .sort((a, b) => b.companies - a.companies || a.order - b.order)
        .map(({ key, label, companies }) => ({ key, label, companies })),
      unranked: themes.filter((t) => t.masked).map(({ key, label }) => ({ key, label })),
    },
  };
}

const number = (c: Cell): string => ('masked' in c ? 'masqué' : String(c.value).replace('.', ','));

/** The published results as a French CSV (`;`, decimal comma, BOM): one line per figure. */
export function resultsCsv(results: PublishedResults): string {
  const lines: string[][] = [['Indicateur', 'Code', 'Libellé', 'Valeur']];
  lines.push(
    ['Entreprises ciblées', '', 'Ensemble', String(results.targets)],
    ['Réponses', '', 'Ensemble', number(results.respondents)],
    ['Taux de réponse (%)', '', 'Ensemble', number(results.responseRate)],
  );
  for (const table of results.bySegment) {
    const by = `par ${table.label.charAt(0).toLowerCase()}${table.label.slice(1)}`;
    for (const row of table.rows) {
      const label = row.includes ? `${row.label} : ${row.includes.map((i) => i.label).join(', ')}` : row.label;
      lines.push(
        [`Entreprises ciblées ${by}`, row.key, label, String(row.targets)],
        [`Réponses ${by}`, row.key, label, number(row.respondents)],
        [`Taux de réponse ${by} (%)`, row.key, label, number(row.responseRate)],
      );
    }
  }
  lines.push(['Recrutements prévus', '', 'Ensemble', number(results.hiring.total)]);
  for (const row of results.hiring.byJobFamily)
    lines.push(['Recrutements prévus par famille de métiers', row.key, row.label, number(row.people)]);
  for (const row of results.hiring.byContractType)
    lines.push(['Recrutements prévus par type de contrat', row.key, row.label, number(row.people)]);
  lines.push([`${results.difficulties.label} (%)`, '', 'Répondants', number(results.difficulties.share)]);
  // Ties share their rank (1, 2, 2, 4).
  for (const t of results.trainingNeeds.ranked) {
    const rank = 1 + results.trainingNeeds.ranked.filter((o) => o.companies > t.companies).length;
    lines.push([`Besoins de formation : entreprises (rang ${rank})`, t.key, t.label, String(t.companies)]);
  }
  for (const t of results.trainingNeeds.unranked) lines.push(['Besoins de formation : entreprises (non classé)', t.key, t.label, 'masqué']);
  return csvDocument(lines);
}
