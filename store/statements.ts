import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { NotFoundError } from '../domain/errors.ts';
import type { MemberStatement } from '../domain/reconciliation.ts';
import { putAll, queryAll } from './batch.ts';
import { ddb, tableName } from './client.ts';
import { keys, withoutKeys } from './keys.ts';

const statementFrom = (item: Record<string, unknown>): MemberStatement => {
  const { quarter: _q, ...statement } = withoutKeys<MemberStatement & { quarter: string }>(item);
  return statement;
};

/** Writes a quarter's statements (a recomputed draft overwrites them: deterministic, so a retry writes the same). */
export async function putStatements(poleId: string, quarter: string, statements: readonly MemberStatement[]): Promise<void> {
  await putAll(statements.map((m) => ({ ...keys.statement(poleId, quarter, m.memberId), type: 'Statement', quarter, ...m })));
}

export async function listStatements(poleId: string, quarter: string): Promise<MemberStatement[]> {
  const items = await queryAll({
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: { ':pk': keys.statementsPartition(poleId, quarter) },
  });
  return items.map(statementFrom);
}

/** A page of statements (for mailing them in bounded steps). */
export async function statementsPage(
  poleId: string,
  quarter: string,
  after: string | undefined,
  limit: number,
): Promise<{ statements: MemberStatement[]; next?: string }> {
  const { Items = [], LastEvaluatedKey } = await ddb().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: after ? 'PK = :pk AND SK > :after' : 'PK = :pk',
      ExpressionAttributeValues: {
        ':pk': keys.statementsPartition(poleId, quarter),
        ...(after && { ':after': keys.statement(poleId, quarter, after).SK }),
      },
      Limit: limit,
    }),
  );
  const statements = Items.map(statementFrom);
  return { statements, ...(LastEvaluatedKey && statements.length > 0 && { next: statements.at(-1)!.memberId }) };
}

export async function getStatement(poleId: string, quarter: string, memberId: string): Promise<MemberStatement> {
  const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.statement(poleId, quarter, memberId) }));
  if (!Item) throw new NotFoundError(`Pas de relevé pour ${memberId} au trimestre ${quarter}.`, { quarter, memberId });
  return statementFrom(Item);
}
