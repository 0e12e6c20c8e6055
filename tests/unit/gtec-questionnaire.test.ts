import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../domain/errors.ts';
import {
  campaignRequestSchema,
  hashToken,
  isTokenShaped,
  matchesFilters,
  newToken,
  resolveFilters,
  scheduleOf,
} from '../../domain/gtec/campaign.ts';
import { DEFAULT_GTEC_QUESTIONNAIRE as Q } from '../../domain/gtec/default-questionnaire.ts';
import { checkAnswers, questionnaireSchema } from '../../domain/gtec/questionnaire.ts';

const valid = {
  hiring: [
    { jobFamily: 'btp', count: 2, contractType: 'CDI', horizon: '0-3M' },
    { jobFamily: 'H2913', count: 1, contractType: 'ALTERNANCE', horizon: '6-12M' },
  ],
  difficulties: 'oui',
  difficulty_reasons: ['candidats', 'mobilite'],
  skills_shortages: 'Soudeurs TIG',
  training_needs: ['securite'],
  work_study: 4,
  employers_group: 'nsp',
  retirements: 3,
};

describe('questionnaire as versioned data', () => {
  it('ships the default French GTEC questionnaire, version 1, with every question kind', () => {
    expect(Q).toMatchObject({ id: 'gtec', version: 1 });
    expect(new Set(Q.questions.map((q) => q.kind))).toEqual(new Set(['hiring', 'single', 'multiple', 'text', 'scale', 'number']));
    expect(questionnaireSchema.safeParse(JSON.parse(JSON.stringify(Q))).success).toBe(true);
  });

  it('refuses a questionnaire with duplicate question ids or an unknown kind', () => {
    const dup = { ...Q, questions: [Q.questions[1], Q.questions[1]] };
    expect(questionnaireSchema.safeParse(dup).success).toBe(false);
    expect(questionnaireSchema.safeParse({ ...Q, questions: [{ id: 'x', kind: 'slider', label: 'X' }] }).success).toBe(false);
  });

  it('accepts valid answers (job family or ROME code) and names each question at fault', () => {
    expect(checkAnswers(Q, valid)).toEqual({ answers: valid });
    const result = checkAnswers(Q, {
      hiring: [{ jobFamily: 'astronaute', count: 0, contractType: 'CDI', horizon: '0-3M' }],
      difficulty_reasons: ['candidats', 'candidats'],
      work_study: 9,
      retirements: 1.5,
      surprise: 1,
    });
    expect('issues' in result && result.issues.map((i) => i.field)).toEqual([
      'hiring.0.jobFamily',
      'hiring.0.count',
      'difficulties',
      'difficulty_reasons',
      'work_study',
      'retirements',
      'surprise',
    ]);
    expect('issues' in result && result.issues.find((i) => i.field === 'difficulties')!.rule).toBe('required');
  });

  it('says what to do in plain French, once per field, never with a pattern or a code list', () => {
    const result = checkAnswers(Q, {
      hiring: [
        { jobFamily: 'astronaute', count: 'deux', contractType: 'STAGE' },
        { jobFamily: 'btp', count: 2.5, contractType: 'CDI', horizon: '0-3M' },
      ],
      difficulties: 'peut-être',
      training_needs: 'securite',
      work_study: 9,
      retirements: -1,
    });
    const issues = 'issues' in result ? result.issues : [];
    expect(issues.map((i) => [i.field, i.message])).toEqual([
      ['hiring.0.jobFamily', 'Choisissez un métier dans la liste.'],
      ['hiring.0.count', 'Indiquez le nombre de personnes à recruter, en chiffres.'],
      ['hiring.0.contractType', 'Choisissez un type de contrat.'],
      ['hiring.0.horizon', 'Choisissez une échéance.'],
      ['hiring.1.count', 'Indiquez un nombre entier de personnes.'],
      ['difficulties', 'Choisissez une des réponses proposées.'],
      ['training_needs', 'Cochez une ou plusieurs réponses.'],
      ['work_study', 'Choisissez une valeur de 1 à 5.'],
      ['retirements', 'Indiquez un nombre de 0 à 10\u202f000.'],
    ]);
    expect(issues.map((i) => i.rule)).toContain('job_family');
    for (const i of issues) expect(i.message).not.toMatch(/[|/\\^$]|\\d|attendu|CDI|0-3M/);
  });
});

describe('campaign rules', () => {
  const now = new Date('2027-03-01T08:00:00Z');
  it('defaults reminders to +7 and +14 days, as absolute timestamps', () => {
    const request = campaignRequestSchema.parse({ closesAt: '2027-04-01T17:00:00+02:00' });
    expect(scheduleOf(request, now)).toEqual({
      reminders: ['2027-03-08T08:00:00.000Z', '2027-03-15T08:00:00.000Z'],
      closesAt: '2027-04-01T15:00:00.000Z',
    });
  });
  it('refuses a close in the past and reminders out of order or after the close', () => {
    expect(scheduleOf(campaignRequestSchema.parse({ closesAt: '2027-02-01T00:00:00Z' }), now)).toMatchObject({
      problem: { field: 'closesAt' },
    });
    expect(scheduleOf(campaignRequestSchema.parse({ closesAt: '2027-03-10T00:00:00Z' }), now)).toMatchObject({
      problem: { field: 'reminders.1' },
    });
    expect(
      scheduleOf(
        campaignRequestSchema.parse({ closesAt: '2027-04-10T00:00:00Z', reminders: ['2027-03-09T00:00:00Z', '2027-03-08T00:00:00Z'] }),
        now,
      ),
    ).toMatchObject({ problem: { field: 'reminders.1' } });
  });
  it('targets by NAF section, size band and commune (by INSEE code, a name resolved first)', () => {
    const c = { naf: '43.21A', nafSection: 'F', sizeBand: '10-49' as const, commune: '40248' };
    const filters = resolveFilters(
      campaignRequestSchema.parse({ closesAt: '2099-01-01T00:00:00Z', filters: { communes: ['ST ANDRE DE SEIGNANX'] } }).filters,
      [],
    );
    expect(filters.communes).toEqual(['40248']);
    expect(matchesFilters({})(c)).toBe(true);
    expect(matchesFilters({ nafSections: ['F'], sizeBands: ['10-49'], ...filters })(c)).toBe(true);
    expect(matchesFilters({ nafSections: ['C'] })(c)).toBe(false);
    expect(matchesFilters({ sizeBands: ['0-9'] })(c)).toBe(false);
    expect(matchesFilters({ communes: ['40312'] })(c)).toBe(false);
  });
  it('resolves commune filters given by name or code, settles a shared name by the pôle’s départements, names the unknown ones', () => {
    expect(resolveFilters({ communes: ['Tarnos', '40209', 'Saint-Barthélemy', 'Tarnos'] }, ['40', '64']).communes).toEqual([
      '40312',
      '40209',
      '40251',
    ]);
    const refused = (() => {
      try {
        resolveFilters({ communes: ['Tarnos', 'Tarnoss', 'Saint-Barthélemy', '99999'] }, []);
      } catch (error) {
        return error as ValidationError;
      }
    })();
    expect(refused).toBeInstanceOf(ValidationError);
    expect(refused!.issues.map((i) => `${i.field}:${i.rule}`)).toEqual([
      'filters.communes.1:commune_unknown',
      'filters.communes.2:commune_ambiguous',
      'filters.communes.3:commune_code_unknown',
    ]);
    expect(refused!.issues[0]!.message).toContain('« Tarnoss »');
    expect(refused!.issues[1]!.message).toContain('Landes (40251)');
  });
  it('makes 128-bit URL-safe tokens and keeps only their SHA-256', () => {
    const tokens = Array.from({ length: 200 }, newToken);
    expect(new Set(tokens).size).toBe(200);
    expect(tokens.every(isTokenShaped)).toBe(true);
    expect(Buffer.from(tokens[0]!, 'base64url')).toHaveLength(16);
    expect(hashToken(tokens[0]!)).toMatch(/^[0-9a-f]{64}$/);
    expect(isTokenShaped('../../admin')).toBe(false);
  });
});
