import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import * as z from 'zod';
import { emailAddressSchema } from '../domain/addresses.ts';
import { LEGAL_FORM_LABELS } from '../domain/application-labels.ts';
import { DomainError } from '../domain/errors.ts';
import { poleIdSchema } from '../domain/ids.ts';
import { describeChange, type SetupChange, type SetupHistoryEntry } from '../domain/pole-setup.ts';
import { formatQuantity, parseQuantity } from '../domain/quantities.ts';
import { CognitoStaff } from '../ports/aws/cognito-staff.ts';
import type { PoleSetupView, SetupOutcome } from '../services/poles.ts';
import { type AdminClient, CliError, EXIT } from './client.ts';
import { when } from './format.ts';
import { type SignInIo, signInSettingsOf } from './sign-in.ts';

/**
 * The day-one commands (docs/day-one.md): a pôle's set-up, its existing members' import, its
 * staff accounts. The first two call the API; the third creates Cognito users with the AWS
 * credentials of whoever runs it.
 */

const usage = (message: string) => new CliError(message, EXIT.usage);

/** The set-up flags, as the route's fields (a `--file` gives the same document as JSON). */
export interface SetupFlags {
  file?: string;
  name?: string;
  territory?: string;
  'committee-email'?: string;
  'staff-email'?: string;
  'legal-forms'?: string;
  'first-quarter'?: string;
  'building-name'?: string;
  capacity?: string;
  'base-url'?: string;
}

/** A set-up document: the file's JSON, then each flag given over it. */
async function setupDocument(flags: SetupFlags): Promise<Record<string, unknown>> {
  let document: Record<string, unknown> = {};
  if (flags.file) {
    try {
      document = JSON.parse(await readFile(flags.file, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      throw usage(`Fichier de configuration illisible (${flags.file}) : ${(error as Error).message}.`);
    }
  }
  const building = { ...(document.building as Record<string, unknown> | undefined) };
  if (flags['building-name'] !== undefined) building.name = flags['building-name'];
  if (flags.capacity !== undefined) {
    const read = parseQuantity(flags.capacity);
    if (!('value' in read)) throw usage(`--capacity : surface en m² attendue (par ex. 2400 ou 1 234,5), reçu « ${flags.capacity} ».`);
    building.capacityM2 = read.value;
  }
  const given = Object.entries({
    name: flags.name,
    territory: flags.territory,
    committeeEmail: flags['committee-email'],
    staffEmail: flags['staff-email'],
    acceptedLegalForms: flags['legal-forms']?.split(',').map((f) => f.trim().toUpperCase()),
    firstQuarter: flags['first-quarter'],
    publicBaseUrl: flags['base-url'],
  }).filter(([, v]) => v !== undefined);
  return { ...document, ...Object.fromEntries(given), ...(Object.keys(building).length > 0 && { building }) };
}

const lines = (changes: readonly SetupChange[]) => changes.map((c) => `  - ${describeChange(c)}`).join('\n');

/** `pole-admin pole setup <poleId>`: creates the pôle (an operator) or brings it to the document (its admins too). */
export async function poleSetup(
  client: AdminClient,
  poleId: string,
  flags: SetupFlags,
  out: (text: string) => void,
): Promise<SetupOutcome> {
  const reply = await client.call<SetupOutcome & { message: string }>(
    'PUT',
    `/admin/poles/${encodeURIComponent(poleId)}`,
    await setupDocument(flags),
  );
  const { building, version } = reply.pole;
  out(
    reply.changes.length > 0
      ? `Configuration du pôle ${poleId} mise à jour :\n${lines(reply.changes)}`
      : reply.created
        ? `Pôle ${poleId} créé : bâtiment de ${formatQuantity(building.capacityM2)} m².`
        : `Aucun changement : le pôle ${poleId} a déjà cette configuration.`,
  );
  out(`Version ${version} ; surface libre : ${formatQuantity(building.freeM2)} m² sur ${formatQuantity(building.capacityM2)} m².`);
  return reply;
}

const HISTORY_LABELS: Record<SetupHistoryEntry['action'], string> = { CREATED: 'création', UPDATED: 'modification' };

/** `pole-admin pole show <poleId>`: the set-up, the building's free area, the history. */
export function renderPole(view: PoleSetupView): string {
  const { setup, building } = view;
  const rows: [string, string][] = [
    ['Pôle', `${setup.name} (${view.poleId})`],
    ['Territoire', setup.territory],
    ['Comité', setup.committeeEmail],
    ['Équipe d’animation', setup.staffEmail ?? setup.committeeEmail],
    ['Départements', setup.departements?.join(', ') ?? '(non précisés)'],
    ['Formes juridiques acceptées', setup.acceptedLegalForms.map((f) => LEGAL_FORM_LABELS[f]).join(', ')],
    ['Premier trimestre', setup.firstQuarter ?? '(pas encore déclaré)'],
    ['Bâtiment', `${setup.building.name} — ${formatQuantity(building.freeM2)} m² libres sur ${formatQuantity(building.capacityM2)} m²`],
    ['Adresse publique', setup.publicBaseUrl ?? '(celle du déploiement)'],
  ];
  const history = view.history.map(
    (h) =>
      `  ${when(h.at)}  ${HISTORY_LABELS[h.action]} par ${h.by}${h.changes.length ? `\n${lines(h.changes).replaceAll('  - ', '      ')}` : ''}`,
  );
  return [...rows.map(([label, value]) => `${label} : ${value}`), '', `Historique (version ${view.version}) :`, ...history].join('\n');
}

/** The media type an import file is sent with, from its extension. */
const MEDIA_TYPES: Record<string, string> = {
  '.csv': 'text/csv',
  '.txt': 'text/csv',
  '.json': 'application/json',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

interface ImportReply {
  importId: string;
  imported: number;
  unchanged: number;
  building: { capacityM2: number; freeM2: number };
}

/**
 * `pole-admin members import <file>`: the existing members, from a CSV or `.xlsx` file as the
 * spreadsheet saved it, or JSON (`{"members": [...]}`). All or nothing: the API lists every bad
 * line. A progress line while the API works.
 */
export async function importMembersFile(client: AdminClient, file: string, io: Pick<SignInIo, 'out' | 'err'>): Promise<ImportReply> {
  const type = MEDIA_TYPES[extname(file).toLowerCase()];
  if (!type) throw usage(`Fichier ${file} : un fichier .csv, .xlsx ou .json est attendu.`);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw usage(`Fichier illisible : ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
  const started = Date.now();
  io.err(`Import de ${basename(file)} (${formatQuantity(Math.ceil(bytes.length / 102.4) / 10)} Ko)…`);
  const ticker = setInterval(() => io.err(`  … vérification et écriture en cours (${Math.round((Date.now() - started) / 1000)} s)`), 2000);
  try {
    const reply = await client.upload<ImportReply>('/admin/members/import', type, bytes);
    io.out(
      `${reply.imported} membre(s) importé(s), ${reply.unchanged} déjà présent(s) à l’identique. Surface libre du bâtiment : ${formatQuantity(reply.building.freeM2)} m² sur ${formatQuantity(reply.building.capacityM2)} m².`,
    );
    return reply;
  } finally {
    clearInterval(ticker);
  }
}

const adminAccountSchema = z.object({ email: emailAddressSchema, poleId: poleIdSchema.optional() });

/**
 * `pole-admin admins add <email> --pole <id> [--operator]`: a staff account in the Cognito user
 * pool (AWS credentials of the person running it, allowed cognito-idp:AdminCreateUser and
 * AdminAddUserToGroup), bound to its pôle; the user pool from `--user-pool`, POLE_USER_POOL_ID or
 * the API's sign-in settings.
 */
export async function addAdmin(
  apiUrl: string,
  args: { email?: string; pole?: string; operator: boolean; userPool?: string },
  io: SignInIo,
  staff: (userPoolId: string) => Pick<CognitoStaff, 'add'> = (id) => new CognitoStaff(id),
): Promise<void> {
  if (!args.email || (!args.pole && !args.operator)) throw usage('Usage : pole-admin admins add <email> --pole <id> [--operator]');
  const parsed = adminAccountSchema.safeParse({ email: args.email, poleId: args.pole });
  if (!parsed.success) throw usage(parsed.error.issues.map((i) => `${i.path.join('.')} : ${i.message}`).join(' ; '));
  let userPoolId = args.userPool;
  if (!userPoolId) {
    const settings = await signInSettingsOf(apiUrl, io.fetch);
    if (settings.mode !== 'cognito' || !settings.userPoolId) {
      throw usage(
        'Sur le runtime embarqué, les comptes sont configurés : ADMIN_TOKENS=pole:jeton:sujet (et OPERATOR_TOKENS pour les opérateurs).',
      );
    }
    userPoolId = settings.userPoolId;
  }
  const account = { email: parsed.data.email, ...(parsed.data.poleId && { poleId: parsed.data.poleId }), operator: args.operator };
  let outcome: Awaited<ReturnType<CognitoStaff['add']>>;
  try {
    outcome = await staff(userPoolId).add(account);
  } catch (error) {
    if (error instanceof DomainError) throw new CliError(error.message, EXIT.refused);
    const name = (error as Error).name;
    if (/AccessDenied|NotAuthorized|CredentialsProvider|ExpiredToken|UnrecognizedClient/.test(name))
      throw new CliError(
        `AWS refuse la création du compte (${name}) : il faut des identifiants AWS autorisés sur le groupe d’utilisateurs.`,
        EXIT.refused,
      );
    throw new CliError(`Cognito injoignable ou en erreur (${name}) : ${(error as Error).message}`, EXIT.unreachable);
  }
  const role = [account.poleId && `administrateur du pôle ${account.poleId}`, account.operator && 'opérateur'].filter(Boolean).join(', ');
  io.out(
    outcome === 'created'
      ? `Compte créé pour ${account.email} (${role}) : Cognito lui envoie un mot de passe temporaire ; à sa première connexion, il choisit son mot de passe et enregistre son application d’authentification.`
      : `Le compte ${account.email} existe déjà (${role}) : rien à faire.`,
  );
}
