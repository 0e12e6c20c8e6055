import { nafSection } from './companies.ts';
import type { Answers, HiringLine, Questionnaire } from './questionnaire.ts';

/**
 * A campaign's results (docs/gtec.md#results), from plain data. Statistical confidentiality: any figure built
 * from fewer than MIN_COMPANIES companies is published as masked, never as a number.
 */
export const MIN_COMPANIES = 3;

export type Figure = { companies: number; value: number } | { masked: true };

const figure = (companies: number, value: number): Figure => (companies < MIN_COMPANIES ? { masked: true } : { companies, value });

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

export interface Results {
  targets: number;
  answered: number;
  responseRate: Figure;
  bySegment: Record<'nafSection' | 'sizeBand' | 'commune', Record<string, { targets: number; responseRate: Figure }>>;
  hiring: { byJobFamily: Record<string, Figure>; byContractType: Record<string, Figure> };
  difficulties: Figure;
  trainingNeeds: { theme: string; label: string; companies: Figure }[];
}

const rate = (answered: number, targets: number): number => (targets === 0 ? 0 : Math.round((1000 * answered) / targets) / 10);

/** Aggregates the responses of a campaign's targets; percentages have one decimal. */
export function aggregate(questionnaire: Questionnaire, targets: readonly Target[], responses: readonly Response[]): Results {
  const answered = new Set(responses.map((r) => r.siret));
  const segments = {
    nafSection: (t: Target) => nafSection(t.naf) ?? '?',
    sizeBand: (t: Target) => t.sizeBand,
    commune: (t: Target) => t.commune,
  };
  const bySegment = Object.fromEntries(
    Object.entries(segments).map(([name, of]) => {
      const groups = new Map<string, { targets: number; answered: number }>();
      for (const t of targets) {
        const g = groups.get(of(t)) ?? { targets: 0, answered: 0 };
        g.targets += 1;
        if (answered.has(t.siret)) g.answered += 1;
        groups.set(of(t), g);
      }
      return [
        name,
        Object.fromEntries(
          [...groups]
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([k, g]) => [k, { targets: g.targets, responseRate: figure(g.answered, rate(g.answered, g.targets)) }]),
        ),
      ];
    }),
  ) as Results['bySegment'];

  // Hiring: people to hire, each figure counting the distinct companies behind it.
  const sums = {
    byJobFamily: new Map<string, { n: number; companies: Set<string> }>(),
    byContractType: new Map<string, { n: number; companies: Set<string> }>(),
  };
  for (const r of responses) {
    for (const line of (r.answers.hiring as HiringLine[] | undefined) ?? []) {
      for (const [map, k] of [
        [sums.byJobFamily, line.jobFamily],
        [sums.byContractType, line.contractType],
      ] as const) {
        const s = map.get(k) ?? { n: 0, companies: new Set<string>() };
        s.n += line.count;
        s.companies.add(r.siret);
        map.set(k, s);
      }
    }
  }
  const hiring = {
    byJobFamily: Object.fromEntries([...sums.byJobFamily].map(([k, s]) => [k, figure(s.companies.size, s.n)])),
    byContractType: Object.fromEntries([...sums.byContractType].map(([k, s]) => [k, figure(s.companies.size, s.n)])),
  };
  const saidDifficulties = responses.filter((r) => r.answers.difficulties === 'oui').length;
  const trainingQuestion = questionnaire.questions.find((q) => q.id === 'training_needs');
  const trainingNeeds =
    trainingQuestion?.kind === 'multiple'
      ? trainingQuestion.options
          .map((o) => ({
            theme: o.value,
            label: o.label,
            n: responses.filter((r) => (r.answers.training_needs as string[] | undefined)?.includes(o.value)).length,
          }))
          .sort((a, b) => b.n - a.n || a.theme.localeCompare(b.theme))
          .map(({ theme, label, n }) => ({ theme, label, companies: figure(n, n) }))
      : [];
  return {
    targets: targets.length,
    answered: answered.size,
    responseRate: figure(answered.size, rate(answered.size, targets.length)),
    bySegment,
    hiring,
    // The share among respondents; masked when fewer than 3 companies said yes (or answered).
    difficulties: figure(Math.min(saidDifficulties, responses.length), rate(saidDifficulties, responses.length)),
    trainingNeeds,
  };
}

const cell = (f: Figure): string => ('masked' in f ? 'masqué' : String(f.value).replace('.', ','));

/** The results as a French CSV (`;`, decimal comma): one line per figure. */
export function resultsCsv(results: Results): string {
  const lines = [['indicateur', 'segment', 'valeur']];
  lines.push(['ciblees', '', String(results.targets)], ['taux_reponse_pct', 'ensemble', cell(results.responseRate)]);
  for (const [seg, groups] of Object.entries(results.bySegment))
    for (const [k, g] of Object.entries(groups)) lines.push([`taux_reponse_pct_${seg}`, k, cell(g.responseRate)]);
  for (const [k, f] of Object.entries(results.hiring.byJobFamily)) lines.push(['recrutements_metier', k, cell(f)]);
  for (const [k, f] of Object.entries(results.hiring.byContractType)) lines.push(['recrutements_contrat', k, cell(f)]);
  lines.push(['difficultes_recrutement_pct', 'repondants', cell(results.difficulties)]);
  for (const t of results.trainingNeeds) lines.push(['besoins_formation_entreprises', t.theme, cell(t.companies)]);
  const quote = (v: string) => (/[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return `\uFEFF${lines.map((l) => l.map(quote).join(';')).join('\r\n')}\r\n`;
}
