import { Aws, Duration, type RemovalPolicy, Stack } from 'aws-cdk-lib';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import {
  AccountRecovery,
  CfnManagedLoginBranding,
  ClientAttributes,
  FeaturePlan,
  ManagedLoginVersion,
  Mfa,
  OAuthScope,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ADMIN_PAGE_PATH, CLI_REDIRECT_URI, SIGN_IN_SCOPES } from '../domain/sign-in.ts';
import { OPERATORS_GROUP } from '../domain/staff.ts';

export interface StaffSignInProps {
  /** prod: the pool is deletion-protected. */
  readonly prod: boolean;
  readonly removalPolicy: RemovalPolicy;
  /**
   * Where the admin pages are served (the HTTP API's URL, and the deployment's own address when it
   * has one): Cognito sends the browser back to `<origin>/admin`, and only there.
   */
  readonly pageOrigins: readonly string[];
  /** The user pool domain's prefix (`<prefix>.auth.<region>.amazoncognito.com`); unique per region. */
  readonly domainPrefix?: string;
}

const SCOPES: Record<(typeof SIGN_IN_SCOPES)[number], OAuthScope> = {
  openid: OAuthScope.OPENID,
  email: OAuthScope.EMAIL,
  profile: OAuthScope.PROFILE,
};

/**
 * Staff sign-in (docs/back-office.md#sign-in): the Cognito user pool of the pôles' admins and the
 * deployment's operators, its managed login (a user pool domain), and two public app clients —
 * the admin pages and `pole-admin login` — that only know the authorization code flow, with PKCE
 * and no client secret. MFA by authenticator app is required; an account is recovered by email
 * only. An admin's pôle is the immutable attribute `custom:pole`, which no app client may write.
 */
export class StaffSignIn extends Construct {
  readonly userPool: UserPool;
  readonly domain: UserPoolDomain;
  readonly webClient: UserPoolClient;
  readonly cliClient: UserPoolClient;
  /** Checks the ID tokens of both clients on the `/admin/*` routes. */
  readonly authorizer: HttpUserPoolAuthorizer;

  constructor(scope: Construct, id: string, props: StaffSignInProps) {
    super(scope, id);
    this.userPool = new UserPool(this, 'AdminUserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      // Set when the account is created (pole-admin admins add); nobody can change it afterwards.
      customAttributes: { pole: new StringAttribute({ mutable: false, minLen: 2, maxLen: 30 }) },
      // Managed login needs Essentials (or Plus, which adds threat protection billed per user: see the COG8 acknowledgement).
      featurePlan: FeaturePlan.ESSENTIALS,
      // cdk-nag AwsSolutions-COG1: at least 8 characters with every character class (12 here).
      passwordPolicy: { minLength: 12, requireLowercase: true, requireUppercase: true, requireDigits: true, requireSymbols: true },
      // An authenticator app (TOTP) is free, SMS would cost per message: managed login enrols it at the first sign-in.
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      deletionProtection: props.prod,
      removalPolicy: props.removalPolicy,
    });
    this.userPool.addGroup('Operators', {
      groupName: OPERATORS_GROUP,
      description: 'Opérateurs du déploiement : créent les pôles (pole-admin pole setup).',
    });
    this.domain = this.userPool.addDomain('SignInDomain', {
      // By default the stack's name and the account: unique, as Cognito wants prefixes to be in a region.
      cognitoDomain: { domainPrefix: props.domainPrefix ?? `${Stack.of(this).stackName.toLowerCase()}-${Aws.ACCOUNT_ID}` },
      managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });

    const pages = props.pageOrigins.map((origin) => `${origin}${ADMIN_PAGE_PATH}`);
    this.webClient = this.client('AdminWebClient', pages);
    this.cliClient = this.client('AdminCliClient', [CLI_REDIRECT_URI]);
    this.authorizer = new HttpUserPoolAuthorizer('AdminAuthorizer', this.userPool, { userPoolClients: [this.webClient, this.cliClient] });
  }

  /** The environment of a function that tells the pages and the command line how to sign in (ports/config.ts signInConfig). */
  get environment(): Record<string, string> {
    return {
      AUTH_DOMAIN_URL: this.domain.baseUrl(),
      AUTH_WEB_CLIENT_ID: this.webClient.userPoolClientId,
      AUTH_CLI_CLIENT_ID: this.cliClient.userPoolClientId,
      AUTH_USER_POOL_ID: this.userPool.userPoolId,
    };
  }

  /**
   * A public client (no secret) that only knows the authorization code flow, sent back to
   * `callbacks` alone; the ID token lasts an hour, the refresh token a working day. Its managed
   * login pages get Cognito's default branding (the newer managed login needs one per client).
   */
  private client(id: string, callbacks: readonly string[]): UserPoolClient {
    const client = this.userPool.addClient(id, {
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: SIGN_IN_SCOPES.map((s) => SCOPES[s]),
        callbackUrls: [...callbacks],
        logoutUrls: [...callbacks],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(10),
      // The pages read the email and the pôle; no client writes an attribute (the pôle least of all).
      readAttributes: new ClientAttributes().withStandardAttributes({ email: true, emailVerified: true }).withCustomAttributes('pole'),
      writeAttributes: new ClientAttributes(),
    });
    new CfnManagedLoginBranding(this, `${id}Branding`, {
      userPoolId: this.userPool.userPoolId,
      clientId: client.userPoolClientId,
      useCognitoProvidedValues: true,
    });
    return client;
  }
}
