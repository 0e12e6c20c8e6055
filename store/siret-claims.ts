import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../domain/errors.ts';
import { queryAll } from './batch.ts';
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

/** A SIRET's claim: pending (an application), member, or released; `holder` is the application id, or the SIRET of a member that holds it itself. */
export interface SiretClaim {
  siret: string;
  state: 'PENDING' | 'MEMBER' | 'RELEASED';
  holder: string;
}

/** Every SIRET claim of the pôle (one per SIRET ever claimed: a few hundred at most). */
export async function listSiretClaims(poleId: string): Promise<SiretClaim[]> {
  const items = await queryAll({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.polePartition(poleId), ':prefix': keys.siretClaimPrefix },
  });
  return items.map((item) => ({
    siret: item.siret as string,
    state: item.state as SiretClaim['state'],
    holder: item.applicationId as string,
  }));
}

/**
 * Claims a SIRET for a member that holds it itself (an imported or founding member): free,
 * released, or already claimed so by an earlier run. False, nothing written, when an application
 * or another member holds it.
 */
export async function claimSiretForMember(poleId: string, siret: string, at: string): Promise<boolean> {
  const claimed = await conditionally(
    put({
      Item: {
        ...keys.siretClaim(poleId, siret),
        type: 'SiretClaim',
        siret,
        applicationId: siret,
        state: 'MEMBER',
        memberId: siret,
        claimedAt: at,
      },
      ConditionExpression: 'attribute_not_exists(PK) OR #state = :released OR (applicationId = :siret AND #state = :member)',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':released': 'RELEASED', ':member': 'MEMBER', ':siret': siret },
    }),
  );
  return claimed !== undefined;
}
