import { describe, expect, it } from 'vitest';
import { applicationFormSchema, applicationIdOf } from '../../domain/application.ts';
import {
  APPLICATION_ID_PATTERN,
  applicationIdSchema,
  BUSINESS_KEY_MAX_LENGTH,
  CAMPAIGN_ID_MAX_LENGTH,
  campaignIdSchema,
  EXECUTION_NAME_MAX_LENGTH,
  executionNameSchema,
  POLE_ID_MAX_LENGTH,
  poleIdSchema,
  quarterSchema,
} from '../../domain/ids.ts';
import { executionName } from '../../domain/poles.ts';
import { siretSchema } from '../../domain/siret.ts';
import { readContext } from '../../infra/context.ts';
import type { WorkflowName } from '../../workflows/names.ts';
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
      const context = () => readContext((key) => (key === 'pole:poles' ? candidate : undefined)).poles;
      if (accepts(poleIdSchema, candidate)) expect(context()).toEqual([candidate]);
      else expect(context).toThrow(/pole:poles/);
    }
  });

  it('the longest pôle id and the longest business key of each workflow make a valid execution name, and one more character does not', () => {
    const pole = 'p'.repeat(POLE_ID_MAX_LENGTH);
    expect(accepts(poleIdSchema, pole)).toBe(true);
    expect(accepts(poleIdSchema, `${pole}p`)).toBe(false);
    const campaign = 'c'.repeat(CAMPAIGN_ID_MAX_LENGTH);
    expect(accepts(campaignIdSchema, campaign)).toBe(true);
    expect(accepts(campaignIdSchema, `${campaign}c`)).toBe(false);
    // The longest key of each workflow, as services/onboarding.ts, reconciliation.ts and campaigns.ts build them.
    const application = applicationIdOf('pole-sud-aquitain', applicationFormSchema.parse(aForm()));
    const longest: Record<WorkflowName, string> = {
      'member-onboarding': application,
      'quarterly-reconciliation': 'recon-2026-Q4-999999',
      'gtec-campaign': `campaign-${campaign}`,
    };
    for (const [workflow, key] of Object.entries(longest) as [WorkflowName, string][]) {
      expect(key.length).toBe(BUSINESS_KEY_MAX_LENGTH[workflow]);
      const name = executionName(pole, key);
      expect(name.length).toBeLessThanOrEqual(EXECUTION_NAME_MAX_LENGTH);
      expect(accepts(executionNameSchema, name)).toBe(true);
    }
    // The pôle id's bound is exactly what the longest key leaves: the longest name is 80 characters.
    expect(Math.max(...Object.values(longest).map((key) => executionName(pole, key).length))).toBe(EXECUTION_NAME_MAX_LENGTH);
  });

  it('quarters and SIRETs', () => {
    expect(['2026-Q1', '2026-Q4'].map((q) => accepts(quarterSchema, q))).toEqual([true, true]);
    expect(['2026-Q5', '2026-q1', '26-Q1'].map((q) => accepts(quarterSchema, q))).toEqual([false, false, false]);
    expect(['73282932000074', '73282932000075', '7328293200007'].map((s) => accepts(siretSchema, s))).toEqual([true, false, false]);
  });
});
