import { ADMIN_TOKEN_STORAGE_KEY } from '../../domain/html.ts';

/**
 * The staff's sign-in, as the page's sign-in script (functions/common/sign-in-script.ts, served
 * with /admin and pinned by its hash) defines it: Cognito's managed login with the authorization
 * code and PKCE in AWS, the configured token typed in a form on the embedded runtime. The
 * back-office only asks it for a fresh token; without the script (a page served without it) the
 * typed token is all there is.
 */
interface PoleAuth {
  cognito: boolean;
  signIn(returnTo?: string): Promise<void>;
  callback(): Promise<boolean>;
  fresh(force?: boolean): Promise<string | null>;
  keep(token: string): void;
  forget(): void;
  signOut(): void;
}

const script = (globalThis as { PoleAuth?: PoleAuth }).PoleAuth;

/** Where the address's hash waits while the browser is at the managed login (Cognito comes back to /admin without it). */
const RETURN_HASH = 'poleAdminReturnHash';

const tokenOnly: PoleAuth = {
  cognito: false,
  signIn: async () => undefined,
  callback: async () => false,
  fresh: async () => sessionStorage.getItem(ADMIN_TOKEN_STORAGE_KEY),
  keep: (token) => sessionStorage.setItem(ADMIN_TOKEN_STORAGE_KEY, token),
  forget: () => sessionStorage.removeItem(ADMIN_TOKEN_STORAGE_KEY),
  signOut: () => sessionStorage.removeItem(ADMIN_TOKEN_STORAGE_KEY),
};

const auth = script ?? tokenOnly;

export const session = {
  /** True in AWS: « Se connecter » opens the managed login; false: the token form. */
  cognito: auth.cognito,
  /** The token to present, refreshed first when it is about to expire (or when `force`d); null when signed out. */
  token: (force = false): Promise<string | null> => auth.fresh(force),
  /** A token typed in the form (embedded runtime). */
  keep: (token: string): void => auth.keep(token),
  /** To the managed login; back on this page and this hash once signed in. */
  signIn: (): Promise<void> => {
    sessionStorage.setItem(RETURN_HASH, location.hash);
    return auth.signIn();
  },
  /**
   * On the way back from the managed login: the code exchanged for tokens and the hash the admin
   * was on restored. Throws the sign-in's French message when it was refused or interrupted.
   */
  callback: async (): Promise<void> => {
    if (!(await auth.callback())) return;
    const hash = sessionStorage.getItem(RETURN_HASH);
    sessionStorage.removeItem(RETURN_HASH);
    if (hash) history.replaceState(null, '', hash);
  },
  /** Forgets a refused token. */
  forget: (): void => auth.forget(),
  /** Signs out (and, in AWS, out of the managed login). */
  signOut: (): void => auth.signOut(),
};
