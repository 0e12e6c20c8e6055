import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ApplicationForm } from '../domain/application.ts';
import { DEFAULT_RULES, type PoleRules } from '../domain/committee.ts';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import { ddb, tableName } from './client.ts';
import { keys } from './keys.ts';
import { putIfAbsent, updateIf } from './writes.ts';

interface Pole extends PolePresentation {
  poleId: string;
  name: string;
  territory: string;
  /** Where committee reminders are sent. */
  committeeEmail: string;
  /** Where the staff's reminders go (statements awaiting approval); the committee's address when absent. */
  staffEmail?: string;
  /**
   * The first quarter the pôle reconciles (`YYYY-Qn`): every later quarter is approved only once the
   * one before it is posted. Set at the pôle's setup, or once by the approval of its first quarter.
   */
  firstQuarter?: string;
  acceptedLegalForms?: ApplicationForm['legalForm'][];
  /** The départements of the pôle's territory (`40`, `64`): they settle commune names several départements share. */
  departements?: string[];
}

/** The pôle's profile; an unknown pôle is a 404 (public routes name the pôle in their path). */
export async function getPole(poleId: string): Promise<Pole & { rules: PoleRules }> {
  const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.poleProfile(poleId) }));
  if (!Item) throw new NotFoundError(`Pôle inconnu : ${poleId}.`, { poleId });
  const pole = Item as unknown as Pole;
  return {
    poleId,
    name: pole.name,
    territory: pole.territory,
    committeeEmail: pole.committeeEmail,
    staffEmail: pole.staffEmail ?? pole.committeeEmail,
    ...(pole.firstQuarter && { firstQuarter: pole.firstQuarter }),
    rules: pole.acceptedLegalForms ? { acceptedLegalForms: pole.acceptedLegalForms } : DEFAULT_RULES,
  };
}

/** The départements of a pôle's territory; none when the pôle has no profile or does not say. */
export async function poleDepartements(poleId: string): Promise<string[]> {
  const { Item } = await ddb().send(
    new GetCommand({ TableName: tableName(), Key: keys.poleProfile(poleId), ProjectionExpression: 'departements' }),
  );
  return (Item?.departements as string[] | undefined) ?? [];
}

/**
 * What the pôle's public pages say of it (docs/day-one.md#what-a-pôle-is-made-of), beside its name and
 * territory. Optional: a pôle without them gets a landing page listing the shared services one may request.
 */
export interface PolePresentation {
  /** A paragraph or two: who the pôle is, for whom. */
  description?: string;
  /** What the pôle offers, one item each (« Bureaux de 10 à 120 m² », « Salles de réunion »…). */
  offers?: string[];
}

/** A pôle as its public pages show it; undefined for an unknown pôle. */
export async function findPublicProfile(
  poleId: string,
): Promise<(PolePresentation & { poleId: string; name: string; territory: string }) | undefined> {
  const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.poleProfile(poleId) }));
  if (!Item) return undefined;
  const pole = Item as unknown as Pole;
  return {
    poleId,
    name: pole.name,
    territory: pole.territory,
    ...(pole.description && { description: pole.description }),
    ...(pole.offers?.length && { offers: pole.offers }),
  };
}

/** Creates the pôle's profile once (seeding); false when it exists already. */
export const putPoleIfAbsent = (pole: Pole): Promise<boolean> => putIfAbsent({ ...keys.poleProfile(pole.poleId), type: 'Pole', ...pole });

/** Records the pôle's first quarter, once: declaring the same again is a no-op, another one a 409. */
export async function declareFirstQuarter(poleId: string, quarter: string): Promise<void> {
  const written = await updateIf({
    Key: keys.poleProfile(poleId),
    UpdateExpression: 'SET firstQuarter = :q',
    ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(firstQuarter) OR firstQuarter = :q)',
    ExpressionAttributeValues: { ':q': quarter },
  });
  if (written) return;
  const pole = await getPole(poleId);
  throw new ConflictError('FIRST_QUARTER_DECLARED', `Le premier trimestre du pôle est déjà ${pole.firstQuarter}.`, {
    firstQuarter: pole.firstQuarter,
  });
}
