/**
 * Execution names are derived from business keys (docs/rules.md#idempotency), prefixed by the pôle so that an
 * admin's listing is scoped to their pôle, and so that starting twice names the same execution.
 */
export const executionName = (poleId: string, businessKey: string): string => `${poleId}--${businessKey}`;

export const belongsToPole = (name: string, poleId: string): boolean => name.startsWith(`${poleId}--`);

/** The business key part of an execution name. */
export const businessKeyOf = (name: string): string => name.slice(name.indexOf('--') + 2);
