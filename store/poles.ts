import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ApplicationForm } from '../domain/application.ts';
import { DEFAULT_RULES, type PoleRules } from '../domain/committee.ts';
import { NotFoundError } from '../domain/errors.ts';
import { ddb, tableName } from './client.ts';
import { keys } from './keys.ts';
import { putIfAbsent } from './writes.ts';

interface Pole {
  poleId: string;
  name: string;
  territory: string;
  /** Where committee reminders are sent. */
  committeeEmail: string;
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

/** Creates the pôle's profile once (seeding); false when it exists already. */
export const putPoleIfAbsent = (pole: Pole): Promise<boolean> => putIfAbsent({ ...keys.poleProfile(pole.poleId), type: 'Pole', ...pole });
