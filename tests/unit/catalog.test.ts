import { describe, expect, it } from 'vitest';
import { FUNCTIONS, type FunctionSpec, ROUTES } from '../../functions/catalog.ts';
import { WORKFLOW_NAMES } from '../../workflows/catalog.ts';

const specOf = (fn: keyof typeof FUNCTIONS): FunctionSpec => FUNCTIONS[fn];

describe('monitoring reaches every workflow of the catalog', () => {
  it('every admin route naming a {workflow} may read the executions of each one (a new workflow shows up at once)', () => {
    const routes = ROUTES.filter((r) => r.path.includes('{workflow}'));
    expect(routes.length).toBeGreaterThanOrEqual(4);
    for (const route of routes) expect([...(specOf(route.fn).reads ?? [])].sort()).toEqual([...WORKFLOW_NAMES].sort());
    expect([...(FUNCTIONS.ListAllExecutions.reads ?? [])].sort()).toEqual([...WORKFLOW_NAMES].sort());
  });

  it('redrive and stop may act on each workflow, and no other function may', () => {
    const acting = Object.entries(FUNCTIONS as Record<string, FunctionSpec>).filter(
      ([, spec]) => spec.redrives?.length || spec.stops?.length,
    );
    expect(acting.map(([id]) => id).sort()).toEqual(['RedriveExecution', 'StopExecution']);
    expect(FUNCTIONS.RedriveExecution.redrives).toEqual(WORKFLOW_NAMES);
    expect(FUNCTIONS.StopExecution.stops).toEqual(WORKFLOW_NAMES);
  });
});
