import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../cli/pole-admin.ts';
import { ConflictError } from '../../domain/errors.ts';
import { CognitoStaff } from '../../ports/aws/cognito-staff.ts';

/** `pole-admin admins add`'s adapter: the AWS calls it makes, with aws-sdk-client-mock. */
const POOL = 'eu-west-3_AbCdEf123';
const cognito = mockClient(CognitoIdentityProviderClient);
const staff = () => new CognitoStaff(POOL, new CognitoIdentityProviderClient({ region: 'eu-west-3' }));
const exists = () => new UsernameExistsException({ message: 'User account already exists', $metadata: {} });

beforeEach(() => cognito.reset());

describe('CognitoStaff.add', () => {
  it('creates an admin bound to its pôle (immutable attribute), verified email, temporary password by mail; no group', async () => {
    cognito.on(AdminCreateUserCommand).resolves({});
    expect(await staff().add({ email: 'anne@pole-adour.fr', poleId: 'pole-adour', operator: false })).toBe('created');
    expect(cognito).toHaveReceivedCommandWith(AdminCreateUserCommand, {
      UserPoolId: POOL,
      Username: 'anne@pole-adour.fr',
      UserAttributes: [
        { Name: 'email', Value: 'anne@pole-adour.fr' },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'custom:pole', Value: 'pole-adour' },
      ],
      DesiredDeliveryMediums: ['EMAIL'],
    });
    expect(cognito).not.toHaveReceivedCommand(AdminAddUserToGroupCommand);
  });

  it('an operator joins the operators group', async () => {
    cognito.on(AdminCreateUserCommand).resolves({}).on(AdminAddUserToGroupCommand).resolves({});
    expect(await staff().add({ email: 'ops@example.fr', operator: true })).toBe('created');
    expect(cognito).toHaveReceivedCommandWith(AdminAddUserToGroupCommand, {
      UserPoolId: POOL,
      Username: 'ops@example.fr',
      GroupName: 'operators',
    });
  });

  it('running it again for the same pôle changes nothing; for another pôle it is a conflict naming the account’s pôle', async () => {
    cognito
      .on(AdminCreateUserCommand)
      .rejects(exists())
      .on(AdminGetUserCommand)
      .resolves({ Username: 'anne@pole-adour.fr', UserAttributes: [{ Name: 'custom:pole', Value: 'pole-adour' }] });
    expect(await staff().add({ email: 'anne@pole-adour.fr', poleId: 'pole-adour', operator: false })).toBe('existing');
    const moved = staff().add({ email: 'anne@pole-adour.fr', poleId: 'pole-bearn', operator: false });
    await expect(moved).rejects.toBeInstanceOf(ConflictError);
    await expect(moved).rejects.toThrow(/existe déjà, pour le pôle pole-adour/);
  });

  it('other AWS errors pass through (the CLI reports them)', async () => {
    cognito.on(AdminCreateUserCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    await expect(staff().add({ email: 'a@b.fr', poleId: 'pole-adour', operator: false })).rejects.toThrow('denied');
  });
});

describe('pole-admin admins add', () => {
  const run = async (argv: string[], add = staff) => {
    const lines: string[] = [];
    const code = await main(['admins', 'add', ...argv], {}, { out: (t) => lines.push(t), err: (t) => lines.push(t), staff: () => add() });
    return { code, text: lines.join('\n') };
  };

  it('creates the account in the pool given, and says what happens next, in French', async () => {
    cognito.on(AdminCreateUserCommand).resolves({});
    const { code, text } = await run(['anne@pole-adour.fr', '--pole', 'pole-adour', '--user-pool', POOL]);
    expect(code).toBe(0);
    expect(text).toMatch(
      /^Compte créé pour anne@pole-adour.fr \(administrateur du pôle pole-adour\) : Cognito lui envoie un mot de passe temporaire/,
    );
  });

  it('refuses a bad address or pôle id before calling AWS, and reports AWS refusals plainly', async () => {
    expect((await run(['pas-une-adresse', '--pole', 'pole-adour', '--user-pool', POOL])).code).toBe(2);
    expect((await run(['anne@pole-adour.fr', '--pole', 'Pole_Adour', '--user-pool', POOL])).code).toBe(2);
    expect((await run(['anne@pole-adour.fr', '--user-pool', POOL])).code).toBe(2);
    expect(cognito).not.toHaveReceivedCommand(AdminCreateUserCommand);
    cognito.on(AdminCreateUserCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    const refused = await run(['anne@pole-adour.fr', '--pole', 'pole-adour', '--user-pool', POOL]);
    expect(refused).toMatchObject({ code: 1, text: expect.stringContaining('AWS refuse la création du compte (AccessDeniedException)') });
  });
});
