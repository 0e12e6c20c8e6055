/**
 * Staff sign-in (docs/back-office.md#sign-in): in AWS, Cognito's managed login with the
 * authorization code flow and PKCE, for the admin pages and for `pole-admin login`; on the
 * embedded runtime, a configured token. What the stack registers and what the pages and the
 * command line send must match, so it is written once here.
 */

/** The admin pages' path: Cognito sends the browser back there with the code (and after logout). */
export const ADMIN_PAGE_PATH = '/admin';

/** The loopback port `pole-admin login` listens on for Cognito's redirect (registered on the command line's app client). */
export const CLI_CALLBACK_PORT = 8976;

/** Where Cognito sends `pole-admin login`'s browser back with the code. */
export const CLI_REDIRECT_URI = `http://localhost:${CLI_CALLBACK_PORT}/callback`;

/** The scopes both clients ask for: the ID token carries the email, `custom:pole` and `cognito:groups`. */
export const SIGN_IN_SCOPES = ['openid', 'email', 'profile'] as const;

/** A token is refreshed when it has less than this left (seconds), so a request never goes out with one about to expire. */
export const REFRESH_MARGIN_S = 60;

/** What the pages and the command line learn of the sign-in (`GET /auth/config`): Cognito's, or the configured token's. */
export type SignInSettings =
  | { mode: 'token' }
  | {
      mode: 'cognito';
      /** The user pool domain's URL: `/oauth2/authorize`, `/oauth2/token` and `/logout` are under it. */
      domainUrl: string;
      webClientId: string;
      cliClientId?: string;
      cliRedirectUri: string;
      userPoolId?: string;
      scopes: readonly string[];
    };
