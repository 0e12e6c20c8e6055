import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../domain/errors.ts';
import type { SiretClaimRecord } from '../domain/siret-claims.ts';
import { orphanAgeReached } from '../domain/siret-claims.ts';
import { queryAll } from './batch.ts';
import { ddb, tableName } from './client.ts';
import { keys } from './keys.ts';
import { conditionally, put, update } from './writes.ts';

/**
 * Claims the SIRET for an application. The same application may claim again (retries); a SIRET
 * held by another pending application or by a member is a 409 naming the holder. A pending claim
 * whose application was never recorded (a crash between the claim and the record), older than
 * ORPHAN_CLAIM_AFTER_MS, is an orphan: it is taken over, by a conditional put on its holder and its
 * time, so that a crashed confirmation never blocks the SIRET (docs/rules.md#siret).
 */
export async function claimSiret(poleId: string, siret: string, applicationId: string, at: string): Promise<void> {
  const claim = { ...keys.siretClaim(poleId, siret), type: 'SiretClaim', siret, applicationId, state: 'PENDING', claimedAt: at };
  const claimed = await conditionally(
    put({
      Item: claim,
      ConditionExpression: 'attribute_not_exists(PK) OR applicationId = :id OR #state = :released',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':id': applicationId, ':released': 'RELEASED' },
    }),
  );
  if (claimed) return;
  let item = await claimOf(poleId, siret);
  if (await isOrphan(poleId, item, at)) {
    const taken = await conditionally(
      put({
        Item: claim,
        ConditionExpression: 'applicationId = :orphan AND claimedAt = :claimedAt AND #state = :pending',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':orphan': item.applicationId, ':claimedAt': item.claimedAt, ':pending': 'PENDING' },
      }),
    );
    if (taken) return;
    item = await claimOf(poleId, siret); // another application took it over first
  }
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

const claimOf = async (poleId: string, siret: string): Promise<Record<string, unknown>> =>
  (await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.siretClaim(poleId, siret), ConsistentRead: true }))).Item ?? {};

/** A pending claim older than ORPHAN_CLAIM_AFTER_MS whose application item does not exist. */
async function isOrphan(poleId: string, claim: Record<string, unknown>, at: string): Promise<boolean> {
  if (claim.state !== 'PENDING' || typeof claim.claimedAt !== 'string') return false;
  if (!orphanAgeReached(claim.claimedAt, new Date(at))) return false;
  const application = await ddb().send(
    new GetCommand({ TableName: tableName(), Key: keys.application(poleId, claim.applicationId as string), ConsistentRead: true }),
  );
  return application.Item === undefined;
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
export type SiretClaim = SiretClaimRecord;

const fromItem = (item: Record<string, unknown>): SiretClaim => ({
  siret: item.siret as string,
  state: item.state as SiretClaim['state'],
  holder: item.applicationId as string,
  claimedAt: item.claimedAt as string,
  ...(typeof item.memberId === 'string' && { memberId: item.memberId }),
  ...(typeof item.releasedBy === 'string' && { releasedBy: item.releasedBy, releasedAt: item.releasedAt as string }),
});

/** Every SIRET claim of the pôle (one per SIRET ever claimed: a few hundred at most). */
export async function listSiretClaims(poleId: string): Promise<SiretClaim[]> {
  const items = await queryAll({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.polePartition(poleId), ':prefix': keys.siretClaimPrefix },
  });
  return items.map(fromItem);
}

/** A SIRET's claim in the pôle, or undefined when it was never claimed there. */
export async function getSiretClaim(poleId: string, siret: string): Promise<SiretClaim | undefined> {
  const item = await claimOf(poleId, siret);
  return item.PK === undefined ? undefined : fromItem(item);
}

/**
 * Frees a pending claim from the back-office (an orphan or a stale claim, docs/rules.md#siret),
 * recording who and when. Conditional on the holder, the claim time and the state read by the
 * caller: if an application claimed the SIRET or settled it in between, nothing is written and
 * the result is false.
 */
export async function releasePendingClaim(poleId: string, claim: SiretClaim, by: string, at: string): Promise<boolean> {
  const released = await conditionally(
    update({
      Key: keys.siretClaim(poleId, claim.siret),
      UpdateExpression: 'SET #state = :released, releasedBy = :by, releasedAt = :at',
      ConditionExpression: 'applicationId = :holder AND claimedAt = :claimedAt AND #state = :pending',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: {
        ':released': 'RELEASED',
        ':by': by,
        ':at': at,
        ':holder': claim.holder,
        ':claimedAt': claim.claimedAt,
        ':pending': 'PENDING',
      },
    }),
  );
  return released !== undefined;
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
