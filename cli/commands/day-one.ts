import type { PoleSetupView } from '../../services/poles.ts';
import { EXIT } from '../client.ts';
import type { Command, OptionValues } from '../command.ts';
import { addAdmin, importMembersFile, poleSetup, renderPole, type SetupFlags } from '../day-one.ts';
import { login, logout } from '../sign-in.ts';

const SIGN_IN = 'Connexion (en AWS ; sur le runtime embarqué, --token ou POLE_ADMIN_TOKEN)';
const DAY_ONE = 'Premier jour d’un pôle';

const SETUP_OPTIONS = {
  file: { type: 'string', value: 'F.json', help: 'le document de configuration (les options ci-dessous le complètent)' },
  name: { type: 'string', value: 'NOM', help: 'nom du pôle' },
  territory: { type: 'string', value: 'T', help: 'territoire' },
  'committee-email': { type: 'string', value: 'E', help: 'adresse du comité d’agrément' },
  'staff-email': { type: 'string', value: 'E', help: 'adresse de l’équipe d’animation' },
  'legal-forms': { type: 'string', value: 'A,B', help: 'formes juridiques acceptées (codes)' },
  'first-quarter': { type: 'string', value: 'AAAA-Tn', help: 'premier trimestre rapproché' },
  'building-name': { type: 'string', value: 'B', help: 'nom du bâtiment' },
  capacity: { type: 'string', value: 'M2', help: 'surface du bâtiment en m²' },
  'base-url': { type: 'string', value: 'URL', help: 'adresse publique des liens des mails' },
} as const;

/** The set-up flags given, as day-one.ts reads them. */
const setupFlags = (options: OptionValues): SetupFlags =>
  Object.fromEntries(Object.keys(SETUP_OPTIONS).flatMap((k) => (typeof options[k] === 'string' ? [[k, options[k]]] : []))) as SetupFlags;

/** `login` / `logout`: they act on the session kept for this API, and need no token. */
const sessionCommand = (name: string, summary: string, act: typeof login): Command => ({
  name,
  args: [],
  group: SIGN_IN,
  summary,
  signedIn: false,
  run: async (ctx) => {
    await act(ctx.url, ctx.sessions, ctx.io);
    return EXIT.ok;
  },
});

/** Sign-in and the first day of a pôle (docs/day-one.md). */
export const DAY_ONE_COMMANDS: readonly Command[] = [
  sessionCommand('login', 'connexion par la page Cognito du pôle (navigateur), session gardée', login),
  sessionCommand('logout', 'oublie la session de cette API', logout),
  {
    name: 'pole setup',
    args: ['<pôle>'],
    group: DAY_ONE,
    summary: 'crée le pôle (opérateur) ou met sa configuration à jour',
    options: SETUP_OPTIONS,
    run: async (ctx, [poleId], options) => {
      await poleSetup(ctx.client, poleId!, setupFlags(options), ctx.io.out);
      return EXIT.ok;
    },
  },
  {
    name: 'pole show',
    args: ['<pôle>'],
    group: DAY_ONE,
    summary: 'configuration, surface libre et historique du pôle',
    run: async (ctx, [poleId]) => {
      const data = await ctx.client.call<PoleSetupView>('GET', `/admin/poles/${encodeURIComponent(poleId!)}`);
      ctx.show(data, () => renderPole(data));
      return EXIT.ok;
    },
  },
  {
    name: 'members import',
    args: ['<fichier>'],
    group: DAY_ONE,
    summary: 'membres existants, depuis un .csv, un .xlsx ou un .json (tout ou rien)',
    run: async (ctx, [file]) => {
      const reply = await importMembersFile(ctx.client, file!, ctx.io);
      if (ctx.json) ctx.io.out(JSON.stringify(reply, null, 2));
      return EXIT.ok;
    },
  },
  {
    name: 'admins add',
    args: ['<email>'],
    group: DAY_ONE,
    summary: 'compte du personnel dans Cognito (identifiants AWS requis)',
    options: {
      pole: { type: 'string', value: 'PÔLE', help: 'le pôle que le compte administre' },
      operator: { type: 'boolean', help: 'un opérateur du déploiement (crée les pôles)' },
      'user-pool': { type: 'string', value: 'ID', help: 'le groupe d’utilisateurs Cognito (ou POLE_USER_POOL_ID)' },
    },
    signedIn: false,
    run: async (ctx, [email], options) => {
      const userPool = (options['user-pool'] as string | undefined) ?? ctx.env.POLE_USER_POOL_ID;
      const args = { email, pole: options.pole as string | undefined, operator: options.operator === true, ...(userPool && { userPool }) };
      await addAdmin(ctx.url, args, ctx.io, ctx.io.staff);
      return EXIT.ok;
    },
  },
];
