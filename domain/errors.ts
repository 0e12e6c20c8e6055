/**
 * Typed errors raised by domain and store code. They carry a machine-readable code and a French
 * message a person can read; the HTTP edge maps each kind to its status (functions/common/http.ts).
 */
export interface FieldIssue {
  /** Dotted path of the field at fault, e.g. `contact.email`. */
  field: string;
  /** The rule that failed, e.g. `required`, `luhn`, `max`. */
  rule: string;
  message: string;
  /** For imported files: the line at fault (1 = the header). */
  line?: number;
}

export abstract class DomainError extends Error {
  abstract readonly code: string;
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The input breaks a rule of its schema (400). */
export class ValidationError extends DomainError {
  readonly code = 'VALIDATION_FAILED';
  constructor(
    readonly issues: FieldIssue[],
    message = 'La requête contient des champs invalides.',
    /** More to say beside the issues (an imported file's error count). */
    extra: Record<string, unknown> = {},
  ) {
    super(message, { issues, ...extra });
  }
}

/** The thing asked for does not exist in this pôle (404). */
export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';
}

/** The signed-in person may not do this (403): another pôle's admin, an admin creating a pôle. */
export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN';
}

/** The request conflicts with the current state (409), e.g. a duplicate SIRET. */
export class ConflictError extends DomainError {
  constructor(
    readonly code: string,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(message, details);
  }
}

/** The input is well-formed but a business rule refuses it (422). */
export class RuleViolation extends DomainError {
  constructor(
    readonly code: string,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(message, details);
  }
}

/**
 * The same request came again too soon, or too often (429); it may come back after `retryAfterS`
 * seconds. `details` may name the field counted (e.g. the daily limit of pending applications).
 */
export class TooSoonError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterS: number,
    details: Record<string, unknown> = {},
    readonly code: string = 'TOO_SOON',
  ) {
    super(message, { ...details, retryAfterS });
  }
}
