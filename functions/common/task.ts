import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { z } from 'zod';
import { parseOrThrow } from '../../domain/validation.ts';
import { logger } from './logger.ts';

/**
 * Wraps a workflow task: the state's payload is validated with zod before the function sees it.
 * Errors propagate with their `name` (e.g. `ValidationError`, `ConflictError`), which is what
 * the ASL's Retry and Catch match on.
 */
export function taskHandler<S extends z.ZodType, R>(schema: S, fn: (input: z.output<S>) => Promise<R>) {
  const base = async (event: unknown, _context: Context): Promise<R> => fn(parseOrThrow(schema, event, ['input']));
  return middy(base).use(injectLambdaContext(logger, { resetKeys: true }));
}
