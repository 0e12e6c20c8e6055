import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ApplicationForm, ApplicationStatus, Decision } from '../domain/application.ts';
import type { CommitteeSchedule } from '../domain/committee.ts';
import type { ContributionEstimate } from '../domain/contribution.ts';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import { expiresAfter, RETENTION_DAYS } from '../domain/retention.ts';
import { queryAll } from './batch.ts';
import { ddb, tableName } from './client.ts';
import { keys, withoutKeys } from './keys.ts';
import { TABLE_SHAPE } from './table.ts';
import { putIfAbsent, update, updateIf } from './writes.ts';

interface HistoryEntry {
  at: string;
  status: ApplicationStatus;
  by: string;
  reason?: string;
}

interface RecordedDecision extends Decision {
  decidedBy: string;
  decidedAt: string;
}

export interface Application {
  poleId: string;
  applicationId: string;
  form: ApplicationForm;
  status: ApplicationStatus;
  submittedAt: string;
  /** Absolute reminder and expiry dates, fixed when the application is recorded. */
  committee: CommitteeSchedule;
  /** Shown to the committee: the applicant's estimated quarterly share of the pôle's costs. */
  estimate?: ContributionEstimate | null;
  taskToken?: string;
  decision?: RecordedDecision;
  error?: { error: string; cause: string };
  /** Every state change, appended by the same conditional update that makes it (docs/onboarding.md#steps). */
  history: HistoryEntry[];
}

const SYSTEM = 'système';
/** Who decided an application rejected by the automatic checks. */
export const AUTOMATIC_CHECKS = 'contrôles automatiques';

const fromItem = (item: Record<string, unknown>): Application => {
  const { [TABLE_SHAPE.timeToLiveAttribute]: _ttl, ...application } = withoutKeys<Application & Record<string, unknown>>(item);
  return application;
};

/** What an unsuccessful outcome (rejection, expiry) sets besides its status: the application's TTL (docs/rules.md#personal-data). */
const expiringAfter = (at: string) => ({ [TABLE_SHAPE.timeToLiveAttribute]: expiresAfter(at, RETENTION_DAYS.unsuccessfulApplication) });

/** Records the application once; a retry finds it recorded and returns it unchanged. */
export async function recordApplication(
  poleId: string,
  applicationId: string,
  form: ApplicationForm,
  at: string,
  committee: CommitteeSchedule,
): Promise<Application> {
  const application: Application = {
    poleId,
    applicationId,
    form,
    status: 'RECEIVED',
    submittedAt: at,
    committee,
    history: [{ at, status: 'RECEIVED', by: 'candidat' }],
  };
  const recorded = await putIfAbsent({ ...keys.application(poleId, applicationId), type: 'Application', ...application });
  return recorded ? application : getApplication(poleId, applicationId);
}

/** The pôle's applications in one status (admins' pending tasks): one query on the pôle's partition. */
export async function listApplicationsByStatus(poleId: string, status: ApplicationStatus): Promise<Application[]> {
  const items = await queryAll({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    FilterExpression: '#status = :status',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':pk': keys.polePartition(poleId), ':prefix': keys.applicationPrefix, ':status': status },
  });
  return items.map(fromItem);
}

/** Every application of the pôle (the back-office's list): one query on the pôle's partition. */
export async function listApplications(poleId: string): Promise<Application[]> {
  const items = await queryAll({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.polePartition(poleId), ':prefix': keys.applicationPrefix },
  });
  return items.map(fromItem);
}

export async function getApplication(poleId: string, applicationId: string): Promise<Application> {
  const { Item } = await ddb().send(
    new GetCommand({ TableName: tableName(), Key: keys.application(poleId, applicationId), ConsistentRead: true }),
  );
  if (!Item) throw new NotFoundError(`Candidature introuvable : ${applicationId}.`, { applicationId });
  return fromItem(Item);
}

interface Transition {
  from: readonly ApplicationStatus[];
  to: ApplicationStatus;
  by: string;
  at: string;
  reason?: string;
  set?: Record<string, unknown>;
}

/**
 * Moves an application from one of `from` to `to`, appending the history entry in the same
 * single-item conditional update. Returns the updated application, or null when the condition
 * did not hold (the caller decides whether that is a retry or a conflict).
 */
async function transition(poleId: string, applicationId: string, t: Transition): Promise<Application | null> {
  const names: Record<string, string> = { '#status': 'status', '#history': 'history' };
  const values: Record<string, unknown> = {
    ':to': t.to,
    ':entry': [{ at: t.at, status: t.to, by: t.by, ...(t.reason && { reason: t.reason }) }],
  };
  const sets = ['#status = :to', '#history = list_append(#history, :entry)'];
  Object.entries(t.set ?? {}).forEach(([name, value], i) => {
    names[`#s${i}`] = name;
    values[`:s${i}`] = value;
    sets.push(`#s${i} = :s${i}`);
  });
  const fromList = t.from.map((status, i) => {
    values[`:from${i}`] = status;
    return `:from${i}`;
  });
  const written = await updateIf({
    Key: keys.application(poleId, applicationId),
    UpdateExpression: `SET ${sets.join(', ')}`,
    ConditionExpression: `attribute_exists(PK) AND #status IN (${fromList.join(', ')})`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  });
  return written ? fromItem(written) : null;
}

/**
 * Keeps the committee's task token on the application. If the application was already decided
 * (an execution restarted after the decision), returns that decision so the caller can resume.
 */
export async function awaitDecision(poleId: string, applicationId: string, taskToken: string, at: string): Promise<Application> {
  const moved = await transition(poleId, applicationId, {
    from: ['RECEIVED'],
    to: 'AWAITING_DECISION',
    by: SYSTEM,
    at,
    reason: 'Soumise au comité de pilotage',
    set: { taskToken },
  });
  if (moved) return moved;
  const again = await updateIf({
    Key: keys.application(poleId, applicationId),
    UpdateExpression: 'SET taskToken = :token',
    ConditionExpression: '#status = :awaiting',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':token': taskToken, ':awaiting': 'AWAITING_DECISION' },
  });
  return again ? fromItem(again) : getApplication(poleId, applicationId);
}

/** Records the committee's decision on an application that awaits it; anything else is a 409. */
export async function recordDecision(poleId: string, applicationId: string, decision: RecordedDecision): Promise<Application> {
  const decided = await transition(poleId, applicationId, {
    from: ['AWAITING_DECISION'],
    to: decision.decision === 'APPROVE' ? 'APPROVED' : 'REJECTED',
    by: decision.decidedBy,
    at: decision.decidedAt,
    ...(decision.reason && { reason: decision.reason }),
    set: { decision, ...(decision.decision === 'REJECT' && expiringAfter(decision.decidedAt)) },
  });
  if (decided) return decided;
  const current = await getApplication(poleId, applicationId);
  throw new ConflictError('NOT_AWAITING_DECISION', `Cette candidature n’attend pas de décision (statut : ${current.status}).`, {
    applicationId,
    status: current.status,
  });
}

/** APPROVED → ACTIVE; a retry on an ACTIVE application is a no-op. */
export async function markActive(poleId: string, applicationId: string, at: string): Promise<Application> {
  const moved = await transition(poleId, applicationId, { from: ['APPROVED'], to: 'ACTIVE', by: SYSTEM, at, reason: 'Membre actif' });
  if (moved) return moved;
  const current = await getApplication(poleId, applicationId);
  if (current.status === 'ACTIVE') return current;
  throw new ConflictError('NOT_APPROVED', `Candidature non approuvée (statut : ${current.status}).`, {
    applicationId,
    status: current.status,
  });
}

/** An undecided application → EXPIRED (no decision in time), to be deleted after its retention period; a retry changes nothing. */
export async function markExpired(poleId: string, applicationId: string, at: string): Promise<Application> {
  const moved = await transition(poleId, applicationId, {
    from: ['RECEIVED', 'AWAITING_DECISION'],
    to: 'EXPIRED',
    by: SYSTEM,
    at,
    reason: 'Aucune décision du comité dans les 30 jours',
    set: expiringAfter(at),
  });
  return moved ?? getApplication(poleId, applicationId);
}

/** Keeps the contribution estimate on the application (recomputed identically on a retry). */
export async function saveEstimate(poleId: string, applicationId: string, estimate: ContributionEstimate | null): Promise<void> {
  await update({
    Key: keys.application(poleId, applicationId),
    UpdateExpression: 'SET estimate = :e',
    ConditionExpression: 'attribute_exists(PK)',
    ExpressionAttributeValues: { ':e': estimate },
  });
}

/** RECEIVED → REJECTED by the automatic checks, with their reasons; a retry finds it rejected. */
export async function rejectAutomatically(poleId: string, applicationId: string, reasons: string[], at: string): Promise<Application> {
  const reason = reasons.join(' ');
  const decision: RecordedDecision = { decision: 'REJECT', reason, decidedBy: AUTOMATIC_CHECKS, decidedAt: at };
  const moved = await transition(poleId, applicationId, {
    from: ['RECEIVED'],
    to: 'REJECTED',
    by: decision.decidedBy,
    at,
    reason,
    set: { decision, ...expiringAfter(at) },
  });
  if (moved) return moved;
  const current = await getApplication(poleId, applicationId);
  if (current.status === 'REJECTED') return current;
  throw new ConflictError('NOT_RECEIVED', `Candidature déjà examinée (statut : ${current.status}).`, {
    applicationId,
    status: current.status,
  });
}
