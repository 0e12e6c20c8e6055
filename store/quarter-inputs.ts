import type { AnyInputRow, InputKind } from '../domain/quarter-inputs.ts';
import { putAll, queryAll } from './batch.ts';
import { keys } from './keys.ts';

/** One imported set of a quarter's input rows: its own partition, never changed once written. */
interface InputSet {
  poleId: string;
  quarter: string;
  kind: InputKind;
  importId: string;
}

/** Writes a set's rows, numbered from 1 in their order (a retry writes the same items). */
export async function putInputRows(set: InputSet, rows: readonly AnyInputRow[]): Promise<void> {
  await putAll(rows.map((row, i) => ({ ...keys.quarterInputRow(set.poleId, set.quarter, set.kind, set.importId, i + 1), ...row })));
}

/** A set's rows, in their order. */
export async function inputRows(set: InputSet): Promise<Record<string, unknown>[]> {
  const items = await queryAll({
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: { ':pk': keys.quarterInputPartition(set.poleId, set.quarter, set.kind, set.importId) },
  });
  return items.map(({ PK: _p, SK: _s, ...row }) => row);
}
