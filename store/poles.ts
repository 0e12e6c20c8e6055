import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ApplicationForm } from '../domain/application.ts';
import { DEFAULT_RULES, type PoleRules } from '../domain/committee.ts';
import { NotFoundError } from '../domain/errors.ts';
import type { PoleSetup, SetupHistoryEntry } from '../domain/pole-setup.ts';
import { ddb, tableName } from './client.ts';
import { keys } from './keys.ts';
import { putIfAbsent, updateIf } from './writes.ts';

interface Pole {
  poleId: string;
  name: string;
  territory: string;
  /** Where committee reminders are sent. */
  committeeEmail: string;
  acceptedLegalForms?: ApplicationForm['legalForm'][];
  /** Where this pôle's pages are reached, when not at the deployment's address (services/links.ts). */
  publicBaseUrl?: string;
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
  const { name, territory, committeeEmail, acceptedLegalForms, building, publicBaseUrl } = Item;
  return {
    setup: {
      name,
      territory,
      committeeEmail,
      acceptedLegalForms: acceptedLegalForms ?? [...DEFAULT_RULES.acceptedLegalForms],
      building,
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
 * (another set-up in between: false, nothing written). Fields other writers keep on the profile stay.
 */
export async function updatePoleProfile(poleId: string, setup: PoleSetup, version: number, entry: SetupHistoryEntry): Promise<boolean> {
  const { publicBaseUrl, ...always } = setup;
  const names = Object.keys(always);
  const written = await updateIf({
    Key: keys.poleProfile(poleId),
    UpdateExpression: `SET ${names.map((n) => `#${n} = :${n}`).join(', ')}, version = :next, history = list_append(history, :entry)${publicBaseUrl ? ', publicBaseUrl = :publicBaseUrl' : ' REMOVE publicBaseUrl'}`,
    ConditionExpression: 'version = :version',
    ExpressionAttributeNames: Object.fromEntries(names.map((n) => [`#${n}`, n])),
    ExpressionAttributeValues: {
      ...Object.fromEntries(Object.entries(always).map(([n, v]) => [`:${n}`, v])),
      ...(publicBaseUrl && { ':publicBaseUrl': publicBaseUrl }),
      ':version': version,
      ':next': version + 1,
      ':entry': [entry],
    },
  });
  return written !== undefined;
}
