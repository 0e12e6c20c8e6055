import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ApplicationForm } from '../domain/application.ts';
import { DEFAULT_RULES, type PoleRules } from '../domain/committee.ts';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import type { PoleSetup, SetupHistoryEntry } from '../domain/pole-setup.ts';
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
  /** Where this pôle's pages are reached, when not at the deployment's address (services/links.ts). */
  publicBaseUrl?: string;
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
    ...(pole.publicBaseUrl && { publicBaseUrl: pole.publicBaseUrl }),
    rules: pole.acceptedLegalForms ? { acceptedLegalForms: pole.acceptedLegalForms } : DEFAULT_RULES,
  };
}

/** The pôle's set-up as last recorded, its version (each set-up that changes it adds one) and its history; undefined before the first. */
export async function getPoleSetup(
  poleId: string,
): Promise<{ setup: PoleSetup; version: number; history: SetupHistoryEntry[] } | undefined> {
  const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.poleProfile(poleId), ConsistentRead: true }));
  if (!Item) return undefined;
  const {
    name,
    territory,
    departements,
    committeeEmail,
    staffEmail,
    firstQuarter,
    acceptedLegalForms,
    building,
    publicBaseUrl,
    description,
    offers,
  } = Item;
  return {
    setup: {
      name,
      territory,
      ...(departements && { departements }),
      committeeEmail,
      ...(staffEmail && { staffEmail }),
      ...(firstQuarter && { firstQuarter }),
      acceptedLegalForms: acceptedLegalForms ?? [...DEFAULT_RULES.acceptedLegalForms],
      building,
      ...(description && { description }),
      ...(offers && { offers }),
      ...(publicBaseUrl && { publicBaseUrl }),
    },
    version: Item.version ?? 0,
    history: Item.history ?? [],
  };
}

/** Creates the pôle's profile from its first set-up, once; false when it exists already. */
export const createPoleProfile = (poleId: string, setup: PoleSetup, entry: SetupHistoryEntry): Promise<boolean> =>
  putIfAbsent({ ...keys.poleProfile(poleId), type: 'Pole', poleId, ...setup, version: 1, history: [entry] });

/**
 * Records a changed set-up and its history entry by one update, conditional on the version read
 * (another set-up in between: false, nothing written). An optional value left out is removed; the
 * first quarter is not written here (declareFirstQuarter), nor what other writers keep on the profile.
 */
export async function updatePoleProfile(poleId: string, setup: PoleSetup, version: number, entry: SetupHistoryEntry): Promise<boolean> {
  const { firstQuarter: _declaredApart, ...fields } = setup;
  const set = Object.entries(fields).filter(([, v]) => v !== undefined);
  const removed = (['departements', 'staffEmail', 'description', 'offers', 'publicBaseUrl'] as const).filter(
    (n) => fields[n] === undefined,
  );
  const written = await updateIf({
    Key: keys.poleProfile(poleId),
    UpdateExpression: `SET ${set.map(([n]) => `#${n} = :${n}`).join(', ')}, version = :next, history = list_append(history, :entry)${removed.length ? ` REMOVE ${removed.map((n) => `#${n}`).join(', ')}` : ''}`,
    ConditionExpression: 'version = :version',
    ExpressionAttributeNames: Object.fromEntries([...set.map(([n]) => n), ...removed].map((n) => [`#${n}`, n])),
    ExpressionAttributeValues: {
      ...Object.fromEntries(set.map(([n, v]) => [`:${n}`, v])),
      ':version': version,
      ':next': version + 1,
      ':entry': [entry],
    },
  });
  return written !== undefined;
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
