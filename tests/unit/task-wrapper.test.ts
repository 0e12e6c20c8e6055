import { afterEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { ConflictError, ValidationError } from '../../domain/errors.ts';
import { taskHandler } from '../../functions/common/task.ts';
import { handler as prepareCampaign } from '../../functions/gtec/prepare-campaign.ts';
import { resetConfig } from '../../ports/config.ts';
import { lambdaContext } from '../support/events.ts';

afterEach(() => {
  vi.unstubAllEnvs();
  resetConfig();
});

describe('taskHandler', () => {
  const seen = vi.fn();
  const task = taskHandler(z.object({ poleId: z.string().min(2), round: z.number().int().default(0) }), async (input) => {
    seen(input);
    return { ok: true, round: input.round };
  });

  it('hands the validated payload (defaults applied) to the function and returns its result as is', async () => {
    await expect(task({ poleId: 'pole-sud-aquitain' }, lambdaContext())).resolves.toEqual({ ok: true, round: 0 });
    expect(seen).toHaveBeenCalledWith({ poleId: 'pole-sud-aquitain', round: 0 });
  });

  it('refuses an invalid payload with an error named ValidationError, which the ASL can Catch, naming each field', async () => {
    seen.mockClear();
    const error = await task({ poleId: 'p', round: 'one' }, lambdaContext()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    // Step Functions matches Retry/Catch on the error's name, which is what Lambda reports as errorType.
    expect((error as Error).name).toBe('ValidationError');
    expect((error as ValidationError).issues.map((i) => `${i.field} ${i.rule}`)).toEqual([
      'input.poleId min_length',
      'input.round type:number',
    ]);
    expect(seen).not.toHaveBeenCalled();
    await expect(task(null, lambdaContext())).rejects.toMatchObject({ name: 'ValidationError' });
  });

  it('lets the function’s own typed errors through with their names', async () => {
    const conflicting = taskHandler(z.object({}), async () => {
      throw new ConflictError('AREA_UNAVAILABLE', 'Surface insuffisante.');
    });
    await expect(conflicting({}, lambdaContext())).rejects.toMatchObject({ name: 'ConflictError', code: 'AREA_UNAVAILABLE' });
  });

  it('fails a task whose environment is wrong with a plain Error naming the variable, before any read or write', async () => {
    // No TABLE_NAME either: had the task reached the table, the error would name that instead.
    vi.stubEnv('DISTRIBUTED_MAP_ABOVE', '-1');
    const error = await prepareCampaign({ poleId: 'pole-sud-aquitain', campaignId: 'gtec-2027' }, lambdaContext()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(ValidationError);
    expect((error as Error).name).toBe('Error');
    expect((error as Error).message).toContain('DISTRIBUTED_MAP_ABOVE');
  });
});
