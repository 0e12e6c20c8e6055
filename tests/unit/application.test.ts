import { describe, expect, it } from 'vitest';
import { applicationFormSchema, applicationIdOf, decisionSchema, startDateProblem } from '../../domain/application.ts';
import { ValidationError } from '../../domain/errors.ts';
import { parseOrThrow } from '../../domain/validation.ts';
import { aForm } from '../support/forms.ts';

const issuesOf = (input: unknown) => {
  try {
    parseOrThrow(applicationFormSchema, input);
  } catch (error) {
    if (error instanceof ValidationError) return error.issues;
    throw error;
  }
  return [];
};

describe('application form', () => {
  it('accepts a complete form', () => {
    expect(issuesOf(aForm())).toEqual([]);
  });

  it('names each field at fault and its rule, in French', () => {
    const { structureName: _, ...missingName } = aForm();
    const issues = issuesOf({
      ...missingName,
      siret: '12345678901234',
      requestedAreaM2: -3,
      fte: 'deux',
      extra: true,
      contact: { ...aForm().contact, email: 'pas-un-mail' },
    });
    const byField = Object.fromEntries(issues.map((i) => [i.field, i.rule]));
    expect(byField).toEqual({
      structureName: 'required',
      siret: 'siret_checksum',
      requestedAreaM2: 'min',
      fte: 'type:number',
      'contact.email': 'format:email',
      extra: 'unknown_field',
    });
    expect(issues.find((i) => i.field === 'siret')?.message).toMatch(/clé de contrôle/);
  });

  it('refuses impossible dates, unknown legal forms, duplicate services and bad phones', () => {
    const issues = issuesOf(
      aForm({
        startDate: '2027-02-30',
        legalForm: 'SNC' as never,
        sharedServices: ['HR', 'HR'],
        contact: { ...aForm().contact, phone: '123' },
      }),
    );
    expect(issues.map((i) => `${i.field}:${i.rule}`).sort()).toEqual([
      'contact.phone:format:regex',
      'legalForm:one_of',
      'sharedServices:unique',
      'startDate:date',
    ]);
  });

  it('refuses a start date in the past (Paris calendar)', () => {
    expect(startDateProblem(aForm({ startDate: '2026-11-25' }), '2026-11-26')).toMatch(/passée/);
    expect(startDateProblem(aForm({ startDate: '2026-11-26' }), '2026-11-26')).toBeNull();
  });

  it('refuses a start date more than two years ahead', () => {
    expect(startDateProblem(aForm({ startDate: '2028-11-26' }), '2026-11-26')).toBeNull();
    expect(startDateProblem(aForm({ startDate: '2028-11-27' }), '2026-11-26')).toMatch(/deux ans|2 ans/);
    expect(startDateProblem(aForm({ startDate: '9999-12-31' }), '2026-11-26')).not.toBeNull();
  });

  it('derives the same id from the same submission, whatever the key order', () => {
    const form = aForm();
    const reordered = Object.fromEntries(Object.entries(form).reverse()) as typeof form;
    expect(applicationIdOf('p', form)).toBe(applicationIdOf('p', reordered));
    expect(applicationIdOf('p', form)).not.toBe(applicationIdOf('p', aForm({ desks: 5 })));
    expect(applicationIdOf('p', form)).not.toBe(applicationIdOf('q', form));
  });

  it('requires a reason to reject', () => {
    expect(decisionSchema.safeParse({ decision: 'APPROVE' }).success).toBe(true);
    const rejected = decisionSchema.safeParse({ decision: 'REJECT' });
    expect(rejected.success).toBe(false);
    expect(rejected.error?.issues[0]?.path).toEqual(['reason']);
  });
});
