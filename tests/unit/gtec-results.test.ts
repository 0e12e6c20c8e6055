import { describe, expect, it } from 'vitest';
import { MIN_COMPANIES } from '../../domain/gtec/confidentiality.ts';
import { DEFAULT_GTEC_QUESTIONNAIRE as Q } from '../../domain/gtec/default-questionnaire.ts';
import { type PublishedResults, publishResults, type Response, resultsCsv, type Target } from '../../domain/gtec/results.ts';

const target = (i: number, naf: string, commune: string, sizeBand: string): Target => ({ siret: `s${i}`, naf, sizeBand, commune });
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

// 20 companies: 8 in construction (F) at Tarnos, 6 in manufacturing (C) at Ondres, 4 restaurants (I)
// at Biaudos, 2 carriers (H) at Biarrotte; 11 answer.
const targets = [
  ...range(0, 7).map((i) => target(i, '43.21A', 'Tarnos', i < 4 ? '0-9' : '10-49')),
  ...range(8, 13).map((i) => target(i, '25.62B', 'Ondres', i < 11 ? '50-249' : '250+')),
  ...range(14, 17).map((i) => target(i, '56.10A', 'Biaudos', '0-9')),
  ...range(18, 19).map((i) => target(i, '49.41A', 'Biarrotte', '0-9')),
];
const hire = (jobFamily: string, count: number, contractType: 'CDI' | 'CDD') => ({
  jobFamily,
  count,
  contractType,
  horizon: '0-3M' as const,
});
const answers: Record<number, Response['answers']> = {
  0: { difficulties: 'oui', training_needs: ['securite', 'numerique'], hiring: [hire('btp', 2, 'CDI')] },
  1: { difficulties: 'oui', training_needs: ['securite'], hiring: [hire('btp', 1, 'CDD')] },
  2: { difficulties: 'oui', training_needs: ['securite', 'numerique'], hiring: [hire('btp', 3, 'CDI')] },
  3: { difficulties: 'non', training_needs: ['securite'], hiring: [hire('btp', 1, 'CDI')] },
  4: { difficulties: 'non', training_needs: ['langues'] },
  5: { difficulties: 'non', training_needs: ['langues'] },
  8: { difficulties: 'oui', training_needs: ['numerique'], hiring: [hire('production', 5, 'CDI')] },
  9: { difficulties: 'oui', training_needs: ['transition'], hiring: [hire('H2913', 1, 'CDI')] },
  11: { difficulties: 'non' },
  12: { difficulties: 'non' },
  14: { difficulties: 'non' },
};
const responses: Response[] = Object.entries(answers).map(([i, a]) => ({ siret: `s${i}`, answers: a }));
const rows = (r: PublishedResults, dimension: string) =>
  r.bySegment
    .find((t) => t.dimension === dimension)!
    .rows.map((row) => [row.key, row.targets, 'masked' in row.respondents ? 'masqué' : row.respondents.value]);
const cells = (list: { key: string; people: PublishedResults['hiring']['total'] }[]) =>
  Object.fromEntries(list.map((row) => [row.key, 'masked' in row.people ? 'masqué' : row.people.value]));

describe('GTEC published results', () => {
  const r = publishResults(Q, targets, responses);

  it('gives the response rate overall and by segment, with French labels, size bands in numeric order', () => {
    expect(MIN_COMPANIES).toBe(3);
    expect(r).toMatchObject({ version: 2, targets: 20, respondents: { value: 11 }, responseRate: { value: 55 } });
    const size = r.bySegment.find((t) => t.dimension === 'sizeBand')!;
    expect(size.label).toBe('Tranche d’effectif');
    expect(size.rows.map((row) => row.label)).toEqual(['0 à 9 salariés', '10 à 49 salariés', '50 à 249 salariés', '250 salariés ou plus']);
    // 2 respondents in each of the last three: masked together (their sum, 6, leaves each one open).
    expect(rows(r, 'sizeBand')).toEqual([
      ['0-9', 10, 5],
      ['10-49', 4, 'masqué'],
      ['50-249', 3, 'masqué'],
      ['250+', 3, 'masqué'],
    ]);
    expect(size.rows[0]!.responseRate).toEqual({ value: 50 });
  });

  it('groups segments of fewer than 3 targets, and masks a lone small row with the next smallest', () => {
    // H (2 targets) goes with I, the smallest other section; 1 respondent there: masked, and C (4) with it.
    expect(rows(r, 'nafSection')).toEqual([
      ['C', 6, 'masqué'],
      ['F', 8, 6],
      ['autres', 6, 'masqué'],
    ]);
    const naf = r.bySegment.find((t) => t.dimension === 'nafSection')!;
    expect(naf.rows.map((row) => row.label)).toEqual([
      'C — Industrie manufacturière',
      'F — Construction',
      'Autres (regroupées : moins de 3 entreprises chacune)',
    ]);
    expect(naf.rows[2]!.includes).toEqual([
      { key: 'H', label: 'H — Transports et entreposage' },
      { key: 'I', label: 'I — Hébergement et restauration' },
    ]);
    expect(naf.rows[1]!.responseRate).toEqual({ value: 75 });
    expect(rows(r, 'commune')).toEqual([
      ['Ondres', 6, 'masqué'],
      ['Tarnos', 8, 6],
      ['autres', 6, 'masqué'],
    ]);
  });

  it('sums hiring by job family and contract type over fixed keys, masking cells of fewer than 3 companies and partners', () => {
    expect(r.hiring.total).toEqual({ value: 13 });
    // production (1 company) and the ROME-coded line (1 company) hide each other: 6 between them.
    expect(cells(r.hiring.byJobFamily)).toMatchObject({ btp: 7, production: 'masqué', rome: 'masqué', logistique: 0 });
    expect(r.hiring.byJobFamily.find((row) => row.key === 'btp')!.label).toBe('Bâtiment, travaux publics');
    // CDD (1 company) alone would be the total minus CDI: CDI is masked with it.
    expect(cells(r.hiring.byContractType)).toEqual({ CDI: 'masqué', CDD: 'masqué', ALTERNANCE: 0, INTERIM: 0, SAISONNIER: 0 });
    expect(r.hiring.byContractType.find((row) => row.key === 'ALTERNANCE')!.label).toBe('Alternance (apprentissage, professionnalisation)');
  });

  it('gives the share reporting difficulties and ranks the training needs shown, masked ones apart in a fixed order', () => {
    expect(r.difficulties).toEqual({ label: 'Entreprises déclarant des difficultés de recrutement', share: { value: 45.5 } });
    expect(r.trainingNeeds.ranked).toEqual([
      { key: 'securite', label: 'Sécurité, habilitations', companies: 4 },
      { key: 'numerique', label: 'Outils numériques', companies: 3 },
      { key: 'management', label: 'Management, encadrement', companies: 0 },
      { key: 'technique', label: 'Compétences techniques du métier', companies: 0 },
      { key: 'commercial', label: 'Relation client, vente', companies: 0 },
    ]);
    expect(r.trainingNeeds.unranked).toEqual([
      { key: 'langues', label: 'Langues' },
      { key: 'transition', label: 'Transition écologique, énergie' },
    ]);
  });

  it('masks a share or a count when 1 or 2 companies are on either side of it', () => {
    const oneNo = responses.map((x) => ({ ...x, answers: { ...x.answers, difficulties: x.siret === 's3' ? 'non' : 'oui' } }));
    expect(publishResults(Q, targets, oneNo).difficulties.share).toEqual({ masked: true });
    const allButTwo = responses.map((x) => ({
      ...x,
      answers: { ...x.answers, training_needs: ['s0', 's1'].includes(x.siret) ? [] : ['technique'] },
    }));
    expect(publishResults(Q, targets, allButTwo).trainingNeeds.unranked).toEqual([
      { key: 'technique', label: 'Compétences techniques du métier' },
    ]);
  });

  it('publishes nothing computed from answers below 3 respondents', () => {
    const two = publishResults(Q, targets, responses.slice(0, 2));
    expect(JSON.stringify(two)).not.toMatch(/"(respondents|responseRate|people|share|total)":\{"value"/);
    expect(two.trainingNeeds.ranked).toEqual([]);
    expect(two.targets).toBe(20);
  });

  it('exports a French CSV of the same figures, masked cells written « masqué »', () => {
    const csv = resultsCsv(r);
    expect(csv.startsWith('\uFEFFIndicateur;Code;Libellé;Valeur\r\n')).toBe(true);
    expect(csv).toContain('Taux de réponse (%);;Ensemble;55\r\n');
    expect(csv).toContain('Taux de réponse par commune (%);Tarnos;Tarnos;75\r\n');
    expect(csv).toContain('Réponses par commune;Ondres;Ondres;masqué\r\n');
    expect(csv).toContain(
      'Entreprises ciblées par section NAF;autres;Autres (regroupées : moins de 3 entreprises chacune) : H — Transports',
    );
    expect(csv).toContain('Taux de réponse par tranche d’effectif (%);0-9;0 à 9 salariés;50\r\n');
    expect(csv).toContain('Recrutements prévus par famille de métiers;production;Production, fabrication;masqué\r\n');
    expect(csv).toContain('Entreprises déclarant des difficultés de recrutement (%);;Répondants;45,5\r\n');
    expect(csv).toContain('Besoins de formation : entreprises (rang 1);securite;Sécurité, habilitations;4\r\n');
    // Ties share their rank.
    expect(csv).toContain('Besoins de formation : entreprises (rang 3);management;Management, encadrement;0\r\n');
    expect(csv).toContain('Besoins de formation : entreprises (rang 3);commercial;Relation client, vente;0\r\n');
    expect(csv).toContain('Besoins de formation : entreprises (non classé);langues;Langues;masqué\r\n');
    expect(csv).not.toMatch(/nafSection|byJobFamily|undefined|\[object/);
  });

  it('CSV: a label or code that could start a formula is neutralised (quoted, prefixed with an apostrophe)', () => {
    const [table, ...others] = r.bySegment;
    const hostile: PublishedResults = {
      ...r,
      bySegment: [
        { ...table!, rows: [{ ...table!.rows[0]!, key: '@SUM(A1)', label: '=HYPERLINK("http://x.example","clic")' }] },
        ...others,
      ],
      trainingNeeds: { ...r.trainingNeeds, unranked: [{ key: '+cmd', label: '-2+3' }] },
    };
    const csv = resultsCsv(hostile);
    expect(csv).toContain(`;"'@SUM(A1)";"'=HYPERLINK(""http://x.example"",""clic"")";`);
    expect(csv).toContain(`(non classé);"'+cmd";"'-2+3";masqué\r\n`);
    expect(
      csv
        .split('\r\n')
        .flatMap((l) => l.split(';'))
        .filter((cell) => /^[=+\-@\t\r]/.test(cell)),
    ).toEqual([]);
  });
});
