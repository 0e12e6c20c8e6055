import type { SignInSettings } from '../../domain/sign-in.ts';
import { httpHandler } from '../common/http.ts';
import { signInSettings } from '../common/sign-in-script.ts';
import { ADMIN_ROUTES } from './schemas.ts';

/**
 * GET /auth/config — how staff sign in here, for `pole-admin login`: Cognito's managed login (its
 * domain and public app clients: nothing secret) in AWS, a configured token on the embedded runtime.
 */
export const handler = httpHandler(ADMIN_ROUTES.GetSignInConfig, async (): Promise<SignInSettings> => signInSettings());
