/**
 * Every key of the single table, in one place. The pôle (tenant) comes first in
 * every business key, so a request scoped to one pôle cannot name another pôle's items.
 * The data model is documented in README.md § Data model.
 */
export const TABLE_KEY = { partitionKey: 'PK', sortKey: 'SK' } as const;

const pole = (poleId: string) => `POLE#${poleId}`;

export const keys = {
  poleProfile: (poleId: string) => ({ PK: pole(poleId), SK: 'PROFILE' }),
  /** One item per building: its free area is the invariant conditional updates protect. */
  building: (poleId: string) => ({ PK: pole(poleId), SK: 'BUILDING' }),
  /** A SIRET is part of this key: at most one pending application or member per SIRET and pôle. */
  siretClaim: (poleId: string, siret: string) => ({ PK: pole(poleId), SK: `SIRET#${siret}` }),
  siretClaimPrefix: 'SIRET#',
  application: (poleId: string, applicationId: string) => ({ PK: pole(poleId), SK: `APPLICATION#${applicationId}` }),
  /** A submitted form waiting for its email address to be confirmed (TTL 48 h), then a marker without the form. */
  pendingApplication: (poleId: string, applicationId: string) => ({ PK: pole(poleId), SK: `PENDING#${applicationId}` }),
  /** A day's count of pending forms for one address (by its hash) or one SIRET, kept until the day after. */
  dailyCounter: (poleId: string, counterKey: string) => ({ PK: `${pole(poleId)}#LIMITS`, SK: counterKey }),
  applicationPrefix: 'APPLICATION#',
  /** A quarter's reconciliation summary: status and each category's net cost and key. */
  quarter: (poleId: string, quarter: string) => ({ PK: pole(poleId), SK: `QUARTER#${quarter}` }),
  quarterPrefix: 'QUARTER#',
  /** One imported set of a quarter's inputs (immutable; the quarter item points at the current one). */
  quarterInputRow: (poleId: string, quarter: string, kind: string, importId: string, n: number) => ({
    PK: `${pole(poleId)}#Q#${quarter}#${kind}#${importId}`,
    SK: `ROW#${String(n).padStart(6, '0')}`,
  }),
  quarterInputPartition: (poleId: string, quarter: string, kind: string, importId: string) =>
    `${pole(poleId)}#Q#${quarter}#${kind}#${importId}`,
  statement: (poleId: string, quarter: string, memberId: string) => ({
    PK: `${pole(poleId)}#Q#${quarter}#STATEMENTS`,
    SK: `MEMBER#${memberId}`,
  }),
  statementsPartition: (poleId: string, quarter: string) => `${pole(poleId)}#Q#${quarter}#STATEMENTS`,
  member: (poleId: string, memberId: string) => ({ PK: pole(poleId), SK: `MEMBER#${memberId}` }),
  memberPrefix: 'MEMBER#',
  company: (poleId: string, siret: string) => ({ PK: `${pole(poleId)}#COMPANIES`, SK: `COMPANY#${siret}` }),
  companiesPartition: (poleId: string) => `${pole(poleId)}#COMPANIES`,
  /** A GTEC campaign: dates, filters, the frozen questionnaire, counters, results once published. */
  gtecCampaign: (poleId: string, campaignId: string) => ({ PK: pole(poleId), SK: `CAMPAIGN#${campaignId}` }),
  gtecCampaignPrefix: 'CAMPAIGN#',
  /** One item per targeted company (a snapshot of its segment), in the campaign's own partition. */
  gtecTarget: (poleId: string, campaignId: string, siret: string) => ({
    PK: `${pole(poleId)}#CAMPAIGN#${campaignId}#TARGETS`,
    SK: `COMPANY#${siret}`,
  }),
  gtecTargetsPartition: (poleId: string, campaignId: string) => `${pole(poleId)}#CAMPAIGN#${campaignId}#TARGETS`,
  /** The current response of a company; replaced ones go to the history partition. */
  gtecResponse: (poleId: string, campaignId: string, siret: string) => ({
    PK: `${pole(poleId)}#CAMPAIGN#${campaignId}#RESPONSES`,
    SK: `COMPANY#${siret}`,
  }),
  gtecResponsesPartition: (poleId: string, campaignId: string) => `${pole(poleId)}#CAMPAIGN#${campaignId}#RESPONSES`,
  gtecResponseHistory: (poleId: string, campaignId: string, siret: string, at: string) => ({
    PK: `${pole(poleId)}#CAMPAIGN#${campaignId}#HISTORY`,
    SK: `COMPANY#${siret}#${at}`,
  }),
  /** A survey link's token, by its SHA-256 (the raw token is never stored). The public route knows no pôle: the item names it. */
  gtecToken: (tokenHash: string) => ({ PK: `GTEC#TOKEN#${tokenHash}`, SK: 'TOKEN' }),
  /** One item per outgoing mail, claimed before sending so a retry never mails twice. */
  mail: (poleId: string, mailKey: string) => ({ PK: `${pole(poleId)}#MAIL`, SK: mailKey }),
  polePartition: pole,
} as const;

/** An item without its key and type attributes: the entity as the code knows it. */
export const withoutKeys = <T>({ PK: _pk, SK: _sk, type: _type, ...entity }: Record<string, unknown>): T => entity as T;

/** Keys of the embedded workflow engine's records (what AWS Step Functions keeps for itself). */
export const engineKeys = {
  execution: (stateMachine: string, name: string) => ({ PK: `SFN#${stateMachine}`, SK: `EXEC#${name}` }),
  executionsPartition: (stateMachine: string) => `SFN#${stateMachine}`,
  executionPrefix: 'EXEC#',
  event: (stateMachine: string, name: string, id: number) => ({
    PK: `SFN#${stateMachine}#${name}`,
    SK: `EVT#${String(id).padStart(7, '0')}`,
  }),
  eventsPartition: (stateMachine: string, name: string) => `SFN#${stateMachine}#${name}`,
  taskToken: (token: string) => ({ PK: `SFN#TOKEN#${token}`, SK: 'TOKEN' }),
} as const;
