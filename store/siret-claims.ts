import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../domain/errors.ts';
import { ddb, tableName } from './client.ts';
import { keys } from './keys.ts';
import { conditionally, put, update } from './writes.ts';

/**
 * Claims the SIRET for an application. The same application may claim again (retries); a SIRET
 * held by another pending application or by a member is a 409 naming the holder.
 */
export async function claimSiret(poleId: string, siret: string, applicationId: string, at: string): Promise<void> {
  const claimed = await conditionally(
    put({
      Item: { ...keys.siretClaim(poleId, siret), type: 'SiretClaim', siret, applicationId, state: 'PENDING', claimedAt: at },
      ConditionExpression: 'attribute_not_exists(PK) OR applicationId = :id OR #state = :released',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':id': applicationId, ':released': 'RELEASED' },
    }),
  );
  if (claimed) return;
  const holder = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.siretClaim(poleId, siret) }));
  const item = holder.Item ?? {};
  if (item.state === 'MEMBER') {
    throw new ConflictError('ALREADY_MEMBER', `La structure au SIRET ${siret} est déjà membre du pôle.`, {
      field: 'siret',
      memberId: item.memberId,
    });
  }
  throw new ConflictError('APPLICATION_PENDING', `Une candidature pour le SIRET ${siret} est déjà en cours d’examen.`, {
    field: 'siret',
    applicationId: item.applicationId,
  });
}

/**
 * Marks a claim as released (rejection, failure) or held by a member (activation). When another
 * application has claimed the SIRET since ours was released, there is nothing of ours to settle.
 */
export async function settleSiretClaim(poleId: string, siret: string, applicationId: string, state: 'RELEASED' | 'MEMBER'): Promise<void> {
  await conditionally(
    update({
      Key: keys.siretClaim(poleId, siret),
      UpdateExpression: 'SET #state = :state, memberId = :member',
      ConditionExpression: 'applicationId = :id',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':state': state, ':id': applicationId, ':member': state === 'MEMBER' ? siret : null },
    }),
  );
}
