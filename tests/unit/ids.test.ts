import { describe, expect, it } from 'vitest';
import { applicationFormSchema, applicationIdOf } from '../../domain/application.ts';
import {
  APPLICATION_ID_PATTERN,
  applicationIdSchema,
  campaignIdSchema,
  EXECUTION_NAME_PATTERN,
  executionNameSchema,
  poleIdSchema,
  quarterSchema,
} from '../../domain/ids.ts';
import { executionName } from '../../domain/poles.ts';
import { siretSchema } from '../../domain/siret.ts';
import { parsePoles } from '../../infra/stack.ts';
import { aForm } from '../support/forms.ts';

const accepts = (schema: { safeParse: (v: unknown) => { success: boolean } }, value: string) => schema.safeParse(value).success;

describe('one shape per identifier (domain/ids.ts)', () => {
  it('an application id as applicationIdOf makes it is one the routes and the workflow accept', () => {
    const form = applicationFormSchema.parse(aForm());
    const id = applicationIdOf('pole-sud-aquitain', form);
    expect(id).toMatch(APPLICATION_ID_PATTERN);
    expect(accepts(applicationIdSchema, id)).toBe(true);
  });

  it('pôle ids: the stack’s context (pole:poles) takes exactly what the API takes', () => {
    for (const candidate of [
      'pole-sud-aquitain',
      'pb',
      'p'.repeat(30),
      'p',
      'p'.repeat(31),
      'pole--bearn',
      '-pole',
      'pole-',
      'Pole',
      'pôle',
    ]) {
      if (accepts(poleIdSchema, candidate)) expect(parsePoles(candidate)).toEqual([candidate]);
      else expect(() => parsePoles(candidate)).toThrow(/pole:poles/);
    }
  });

  it('the longest pôle id and the longest business keys still make valid execution names', () => {
    const pole = 'p'.repeat(30);
    expect(accepts(poleIdSchema, pole)).toBe(true);
    const campaign = 'c'.repeat(39);
    expect(accepts(campaignIdSchema, campaign)).toBe(true);
    expect(accepts(campaignIdSchema, `${campaign}c`)).toBe(false);
    // The business keys of functions/onboarding/submit-application.ts, gtec/create-campaign.ts, reconciliation/run.ts.
    for (const key of [`app-${'7'.repeat(14)}-${'f'.repeat(10)}`, `campaign-${campaign}`, 'recon-2026-Q4-99']) {
      const name = executionName(pole, key);
      expect(name).toMatch(EXECUTION_NAME_PATTERN);
      expect(accepts(executionNameSchema, name)).toBe(true);
    }
  });

  it('quarters and SIRETs', () => {
    expect(['2026-Q1', '2026-Q4'].map((q) => accepts(quarterSchema, q))).toEqual([true, true]);
    expect(['2026-Q5', '2026-q1', '26-Q1'].map((q) => accepts(quarterSchema, q))).toEqual([false, false, false]);
    expect(['73282932000074', '73282932000075', '7328293200007'].map((s) => accepts(siretSchema, s))).toEqual([true, false, false]);
  });
});
