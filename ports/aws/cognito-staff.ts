import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { ConflictError } from '../../domain/errors.ts';
import { OPERATORS_GROUP } from '../../domain/staff.ts';

/** A staff account to create: an admin of one pôle, or a deployment operator (with or without a pôle). */
export interface StaffAccount {
  email: string;
  poleId?: string;
  operator: boolean;
}

/** What became of it: created (Cognito mails a temporary password), or there already as asked. */
export type StaffAccountOutcome = 'created' | 'existing';

const POLE_ATTRIBUTE = 'custom:pole';

/**
 * Staff accounts in the Cognito user pool (`pole-admin admins add`): a thin mapping, unit-tested
 * with aws-sdk-client-mock. The account is created with its pôle — an attribute nobody can change
 * afterwards — and a verified email, and Cognito mails the temporary password; at the first
 * sign-in the managed login asks for a new password and enrols the authenticator app (MFA).
 */
export class CognitoStaff {
  constructor(
    private readonly userPoolId: string,
    private readonly client = new CognitoIdentityProviderClient({ region: userPoolId.split('_')[0] }),
  ) {}

  async add(account: StaffAccount): Promise<StaffAccountOutcome> {
    let outcome: StaffAccountOutcome = 'created';
    try {
      await this.client.send(
        new AdminCreateUserCommand({
          UserPoolId: this.userPoolId,
          Username: account.email,
          UserAttributes: [
            { Name: 'email', Value: account.email },
            { Name: 'email_verified', Value: 'true' },
            ...(account.poleId ? [{ Name: POLE_ATTRIBUTE, Value: account.poleId }] : []),
          ],
          DesiredDeliveryMediums: ['EMAIL'],
        }),
      );
    } catch (error) {
      if (!(error instanceof Error && error.name === 'UsernameExistsException')) throw error;
      // Running the command again is fine; moving someone to another pôle is not (the attribute is immutable).
      const existing = await this.client.send(new AdminGetUserCommand({ UserPoolId: this.userPoolId, Username: account.email }));
      const poleId = existing.UserAttributes?.find((a) => a.Name === POLE_ATTRIBUTE)?.Value;
      if (poleId !== account.poleId) {
        throw new ConflictError(
          'ACCOUNT_EXISTS',
          `Le compte ${account.email} existe déjà${poleId ? `, pour le pôle ${poleId}` : ', sans pôle'} : le pôle d’un compte ne change pas ; créez un compte à une autre adresse.`,
          { field: 'email' },
        );
      }
      outcome = 'existing';
    }
    if (account.operator) {
      // Adding a user to a group they are in already is a no-op for Cognito.
      await this.client.send(
        new AdminAddUserToGroupCommand({ UserPoolId: this.userPoolId, Username: account.email, GroupName: OPERATORS_GROUP }),
      );
    }
    return outcome;
  }
}
