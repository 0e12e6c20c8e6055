import { describe, expect, it } from 'vitest';
import { DEFAULT_GTEC_QUESTIONNAIRE as Q } from '../../domain/gtec/default-questionnaire.ts';
import { aggregate, MIN_COMPANIES, type Response, resultsCsv, type Target } from '../../domain/gtec/results.ts';

const target = (i: number, naf: string, commune: string): Target => ({ siret: `s${i}`, naf, sizeBand: i % 2 ? '0-9' : '10-49', commune });

// 10 companies: 6 in construction (F) at Tarnos, 4 in manufacturing (C) at Ondres.
const targets = [
  ...Array.from({ length: 6 }, (_, i) => target(i, '43.21A', 'Tarnos')),
  ...Array.from({ length: 4 }, (_, i) => target(6 + i, '25.62B', 'Ondres')),
];
const responses: Response[] = [
  {
    siret: 's0',
    answers: {
      difficulties: 'oui',
      training_needs: ['securite', 'numerique'],
      hiring: [{ jobFamily: 'btp', count: 2, contractType: 'CDI', horizon: '0-3M' }],
    },
  },
  {
    siret: 's1',
    answers: {
      difficulties: 'oui',
      training_needs: ['securite'],
      hiring: [{ jobFamily: 'btp', count: 1, contractType: 'CDD', horizon: '0-3M' }],
    },
  },
  {
    siret: 's2',
    answers: {
      difficulties: 'oui',
      training_needs: ['securite', 'numerique'],
      hiring: [{ jobFamily: 'btp', count: 3, contractType: 'CDI', horizon: '3-6M' }],
    },
  },
  { siret: 's3', answers: { difficulties: 'non', training_needs: ['numerique'] } },
  {
    siret: 's6',
    answers: {
      difficulties: 'non',
      training_needs: ['langues'],
      hiring: [{ jobFamily: 'production', count: 5, contractType: 'CDI', horizon: '6-12M' }],
    },
  },
];

describe('GTEC results with statistical masking', () => {
  const r = aggregate(Q, targets, responses);

  it('computes response rates overall and by segment, masking groups of fewer than 3 respondents', () => {
    expect(MIN_COMPANIES).toBe(3);
    expect(r).toMatchObject({ targets: 10, answered: 5, responseRate: { companies: 5, value: 50 } });
    expect(r.bySegment.nafSection).toEqual({
      C: { targets: 4, responseRate: { masked: true } },
      F: { targets: 6, responseRate: { companies: 4, value: 66.7 } },
    });
    expect(r.bySegment.commune.Tarnos!.responseRate).toEqual({ companies: 4, value: 66.7 });
    expect(r.bySegment.sizeBand['10-49']!.responseRate).toEqual({ companies: 3, value: 60 });
  });

  it('sums hiring intentions by job family and contract type, masked below 3 companies', () => {
    expect(r.hiring.byJobFamily).toEqual({ btp: { companies: 3, value: 6 }, production: { masked: true } });
    expect(r.hiring.byContractType).toEqual({ CDI: { companies: 3, value: 10 }, CDD: { masked: true } });
  });

  it('gives the share reporting difficulties and ranks training needs', () => {
    expect(r.difficulties).toEqual({ companies: 3, value: 60 });
    expect(r.trainingNeeds.slice(0, 3)).toEqual([
      { theme: 'numerique', label: 'Outils numériques', companies: { companies: 3, value: 3 } },
      { theme: 'securite', label: 'Sécurité, habilitations', companies: { companies: 3, value: 3 } },
      { theme: 'langues', label: 'Langues', companies: { masked: true } },
    ]);
  });

  it('never lets a number through from fewer than 3 companies, whatever the data', () => {
    const two = aggregate(Q, targets.slice(0, 2), responses.slice(0, 2));
    const numbers = JSON.stringify(two).match(/"value":/g);
    expect(numbers).toBeNull();
  });

  it('exports a French CSV with masked cells', () => {
    const csv = resultsCsv(r);
    expect(csv.startsWith('\uFEFFindicateur;segment;valeur\r\n')).toBe(true);
    expect(csv).toContain('taux_reponse_pct_nafSection;F;66,7\r\n');
    expect(csv).toContain('recrutements_metier;production;masqué\r\n');
  });
});
