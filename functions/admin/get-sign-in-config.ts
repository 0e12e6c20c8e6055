import { CLI_REDIRECT_URI, SIGN_IN_SCOPES, type SignInSettings } from '../../domain/sign-in.ts';
import { signInConfig } from '../../ports/config.ts';
import { httpHandler } from '../shared/http.ts';

/**
 * GET /auth/config — how staff sign in here, for `pole-admin login` and the pages: Cognito's
 * managed login (its domain and public app clients: nothing secret) in AWS, a configured token on
 * the embedded runtime.
 */
export const handler = httpHandler({ auth: 'public' }, async (): Promise<SignInSettings> => {
  const cognito = signInConfig();
  if (!cognito) return { mode: 'token' };
  return { mode: 'cognito', ...cognito, cliRedirectUri: CLI_REDIRECT_URI, scopes: SIGN_IN_SCOPES };
});
