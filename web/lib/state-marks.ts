import { type Failure, STEP_OUTCOME_LABELS, type Step, type StepOutcome } from '../../domain/executions.ts';

/**
 * What happened to each state of a workflow in one execution, for colouring its graph: the
 * outcome of the state's last passage (a state passed through several times — a loop, a Map's
 * iterations — shows how many times), and which state the execution failed at.
 */
export type StateMark = StepOutcome | 'NOT_RUN';

/** Each mark's French name: the step outcomes' (domain/executions.ts), and the states not reached. */
export const MARK_LABELS: Record<StateMark, string> = { ...STEP_OUTCOME_LABELS, NOT_RUN: 'Non atteinte' };

/** A sign for each mark, so that colour is never the only carrier of the outcome. */
export const MARK_SIGNS: Record<StateMark, string> = {
  SUCCEEDED: '✓',
  FAILED: '✗',
  CAUGHT: '!',
  RUNNING: '…',
  ABORTED: '■',
  NOT_RUN: '○',
};

export interface StateSummary {
  mark: StateMark;
  /** Passages through the state over every run of the execution. */
  visits: number;
  /** The last passage (its input, output, error). */
  last?: Step;
  /** The state the execution failed at (its error and input are shown first). */
  failing: boolean;
}

/** Every state's summary, by state name; states absent from the history are NOT_RUN. */
export function stateMarks(stateNames: readonly string[], steps: readonly Step[], failure?: Failure): Map<string, StateSummary> {
  const marks = new Map<string, StateSummary>(stateNames.map((name) => [name, { mark: 'NOT_RUN', visits: 0, failing: false }]));
  for (const step of steps) {
    const summary = marks.get(step.stateName) ?? { mark: 'NOT_RUN', visits: 0, failing: false };
    marks.set(step.stateName, { ...summary, mark: step.outcome, visits: summary.visits + 1, last: step });
  }
  if (failure) {
    const summary = marks.get(failure.stateName);
    if (summary) summary.failing = true;
  }
  return marks;
}

/** « En échec », « Réussie (3 passages) »: the mark in words, for the node's caption and its accessible name. */
export const markText = ({ mark, visits }: StateSummary): string => `${MARK_LABELS[mark]}${visits > 1 ? ` (${visits} passages)` : ''}`;
