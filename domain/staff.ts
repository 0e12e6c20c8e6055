/**
 * Who may do what on a pôle's set-up (docs/day-one.md#who-may-set-up-a-pole). Staff sign in with one
 * token (a Cognito ID token in AWS, a configured token locally): an admin's names its pôle
 * (`custom:pole`, set when the account is created and not writable by the staff themselves); a
 * deployment operator belongs to the Cognito group `operators`, whatever their pôle.
 */

/** The Cognito group of deployment operators (the ID token's `cognito:groups` claim). */
export const OPERATORS_GROUP = 'operators';

/** Someone signed in on a set-up route: an operator (any pôle), or an admin of one pôle. */
export interface Staff {
  subject: string;
  /** The admin's pôle; an operator may have none. */
  poleId?: string;
  operator: boolean;
}

/**
 * The groups of a `cognito:groups` claim, however it arrives: a list (the ID token itself), or
 * the text API Gateway's JWT authorizer makes of a list (`[operators admins]`), or a JSON list.
 */
export function groupsOf(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.map(String);
  if (typeof claim !== 'string') return [];
  const text = claim.trim();
  if (text.startsWith('["')) {
    try {
      const list: unknown = JSON.parse(text);
      if (Array.isArray(list)) return list.map(String);
    } catch {
      // not JSON: read as the authorizer's bracketed text below
    }
  }
  return text
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

export type SetupAccess = { allowed: true } | { allowed: false; reason: string };

/**
 * Creating a pôle is a deployment operator's act (it must be one the deployment serves); editing
 * it is its own admins' (or an operator's). Another pôle's admin may neither read nor change it.
 */
export function setupAccess(staff: Staff, poleId: string, exists: boolean): SetupAccess {
  if (staff.operator) return { allowed: true };
  if (staff.poleId !== poleId) return { allowed: false, reason: `Ce compte administre un autre pôle que ${poleId}.` };
  if (!exists) return { allowed: false, reason: 'Seul un opérateur du déploiement peut créer un pôle.' };
  return { allowed: true };
}
