import { describe, expect, expectTypeOf, it } from 'vitest';
import { FUNCTIONS, type FunctionId, type FunctionSpec, ROUTES, type RouteSpec } from '../../functions/catalog.ts';
import { WORKFLOW_NAMES, WORKFLOWS, type WorkflowName, type WorkflowSpec } from '../../workflows/catalog.ts';

const specOf = (fn: keyof typeof FUNCTIONS): FunctionSpec => FUNCTIONS[fn];

describe('monitoring reaches every workflow of the catalog', () => {
  it('every admin route on a {workflow}’s executions may read the executions of each one (a new workflow shows up at once)', () => {
    const routes = ROUTES.filter((r) => r.path.includes('{workflow}/executions'));
    expect(routes.length).toBeGreaterThanOrEqual(4);
    for (const route of routes) expect([...(specOf(route.fn).reads ?? [])].sort()).toEqual([...WORKFLOW_NAMES].sort());
    expect([...(FUNCTIONS.ListAllExecutions.reads ?? [])].sort()).toEqual([...WORKFLOW_NAMES].sort());
    // The definition route serves the ASL file bundled into it, and reads no execution.
    expect(FUNCTIONS.GetWorkflowDefinition).toEqual({ entry: 'functions/admin/get-workflow-definition.ts', table: 'none' });
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

describe('the catalogs are typed: a misspelt function id or workflow name does not compile', () => {
  it('function specs name workflows, workflow specs name functions, routes and schedules name functions', () => {
    const spec = {
      entry: 'functions/onboarding/submit-application.ts',
      table: 'readwrite',
      // @ts-expect-error — no workflow has this name
      starts: ['member-onbaording'],
    } satisfies FunctionSpec;
    const workflow = {
      file: 'workflows/member-onboarding.asl.json',
      arnEnv: 'MEMBER_ONBOARDING_STATE_MACHINE_ARN',
      // @ts-expect-error — no function has this id
      functions: ['RecordAplication'],
    } satisfies WorkflowSpec;
    // @ts-expect-error — no function has this id
    const route: RouteSpec = { method: 'GET', path: '/admin/tasks', fn: 'ListTask', auth: 'admin' };
    expectTypeOf<NonNullable<FunctionSpec['reads']>[number]>().toEqualTypeOf<WorkflowName>();
    expectTypeOf<WorkflowSpec['functions'][number]>().toEqualTypeOf<FunctionId>();
    expectTypeOf<(typeof ROUTES)[number]['fn']>().toEqualTypeOf<FunctionId>();
    // What the compiler refuses is what the catalogs' values are checked against at run time too.
    expect(WORKFLOW_NAMES).not.toContain(spec.starts[0]);
    expect(Object.keys(FUNCTIONS)).not.toContain(workflow.functions[0]);
    expect(Object.keys(FUNCTIONS)).not.toContain(route.fn);
    for (const [name, { functions }] of Object.entries(WORKFLOWS)) {
      expect(WORKFLOW_NAMES).toContain(name);
      for (const id of functions) expect(FUNCTIONS).toHaveProperty(id);
    }
  });
});
