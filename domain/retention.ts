/**
 * How long the table keeps what holds personal data (docs/rules.md#personal-data): an item carrying
 * the table's TTL attribute is deleted by DynamoDB once that second has passed. The periods and
 * their reasons are documented in the README (§ Data model, retention).
 */
export const RETENTION_DAYS = {
  /** A rejected or expired application, from its outcome: long enough to answer a question about it or a new application. */
  unsuccessfulApplication: 183,
  /** A mail record (it keeps the recipient's address), from the sending: far beyond any execution that could send it again. */
  mailRecord: 183,
  /** A campaign's survey tokens and mail records, from the campaign's close: a late click still reads « enquête close ». */
  afterCampaignClose: 365,
} as const;

/** The TTL value (epoch seconds) of an item kept `days` after the instant `from` (ISO 8601). */
export const expiresAfter = (from: string, days: number): number => Math.floor(Date.parse(from) / 1000) + days * 86_400;
