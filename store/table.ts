import { TABLE_KEY } from './keys.ts';

/**
 * The table's shape, shared by the CDK stack and the embedded runtime so both create the same
 * table. On-demand billing; `ttl` expires items that carry it (e.g. engine records of old runs).
 */
export const TABLE_SHAPE = {
  partitionKey: TABLE_KEY.partitionKey,
  sortKey: TABLE_KEY.sortKey,
  timeToLiveAttribute: 'ttl',
} as const;
