import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import { formatQuantity } from '../domain/quantities.ts';
import { ddb, isConditionFailed, tableName } from './client.ts';
import { updateIf } from './conditional.ts';
import { keys } from './keys.ts';

export interface Building {
  poleId: string;
  name: string;
  capacityM2: number;
  freeM2: number;
  /** Applications (or members) holding area, so a retried reservation is never counted twice. */
  reservations: string[];
  /** Member area changes applied to the free area (`<memberId>@<effectiveDate>`), each once. */
  areaChanges: string[];
}

export async function getBuilding(poleId: string): Promise<Building> {
  const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.building(poleId), ConsistentRead: true }));
  if (!Item) throw new NotFoundError(`Aucun bâtiment n’est déclaré pour le pôle ${poleId}.`, { poleId });
  return {
    poleId,
    name: Item.name,
    capacityM2: Item.capacityM2,
    freeM2: Item.freeM2,
    reservations: [...((Item.reservations as Set<string> | undefined) ?? [])].sort(),
    areaChanges: [...((Item.areaChanges as Set<string> | undefined) ?? [])].sort(),
  };
}

/** Creates the building item if it does not exist yet (seeding). */
export async function putBuildingIfAbsent(
  poleId: string,
  name: string,
  capacityM2: number,
  reservedM2: number,
  holders: string[],
): Promise<void> {
  try {
    await ddb().send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...keys.building(poleId),
          type: 'Building',
          name,
          capacityM2,
          freeM2: capacityM2 - reservedM2,
          ...(holders.length > 0 && { reservations: new Set(holders) }),
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
  }
}

/**
 * Reserves `areaM2` for `holder` by one conditional update of the building item: it never
 * reserves more than the building holds, even with two approvals racing for the last square
 * metres, and a retry for the same holder changes nothing.
 */
export async function reserveArea(poleId: string, holder: string, areaM2: number): Promise<void> {
  try {
    await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.building(poleId),
        UpdateExpression: 'SET freeM2 = freeM2 - :area ADD reservations :holder',
        ConditionExpression: 'attribute_exists(PK) AND freeM2 >= :area AND NOT contains(reservations, :id)',
        ExpressionAttributeValues: { ':area': areaM2, ':holder': new Set([holder]), ':id': holder },
      }),
    );
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
    const building = await getBuilding(poleId);
    if (building.reservations.includes(holder)) return; // already reserved by an earlier attempt
    throw new ConflictError('AREA_UNAVAILABLE', `Surface insuffisante : ${areaM2} m² demandés, ${building.freeM2} m² libres.`, {
      field: 'requestedAreaM2',
      requestedM2: areaM2,
      freeM2: building.freeM2,
    });
  }
}

/** Gives the area back (compensation, or a member leaving); a no-op if `holder` holds none. */
export async function releaseArea(poleId: string, holder: string, areaM2: number): Promise<boolean> {
  try {
    await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.building(poleId),
        UpdateExpression: 'SET freeM2 = freeM2 + :area DELETE reservations :holder',
        ConditionExpression: 'contains(reservations, :id)',
        ExpressionAttributeValues: { ':area': areaM2, ':holder': new Set([holder]), ':id': holder },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}

/**
 * Applies a member's area change to the building by one conditional update, once per change
 * (`changeId` is kept in `areaChanges`): more area is reserved only if the building holds it —
 * otherwise a 409 naming the shortfall —, less area is given back.
 */
export async function applyAreaChange(poleId: string, changeId: string, deltaHundredths: number): Promise<void> {
  const delta = Math.abs(deltaHundredths) / 100;
  const more = deltaHundredths > 0;
  const updated = await updateIf({
    Key: keys.building(poleId),
    UpdateExpression: `SET freeM2 = freeM2 ${more ? '-' : '+'} :area ADD areaChanges :change`,
    ConditionExpression: `attribute_exists(PK) AND NOT contains(areaChanges, :id)${more ? ' AND freeM2 >= :area' : ''}`,
    ExpressionAttributeValues: { ':area': delta, ':change': new Set([changeId]), ':id': changeId },
    ReturnValues: 'NONE',
  });
  if (updated) return;
  const building = await getBuilding(poleId);
  if (building.areaChanges.includes(changeId)) return; // applied by an earlier attempt
  const freeH = Math.round(building.freeM2 * 100);
  throw new ConflictError(
    'AREA_UNAVAILABLE',
    `Surface insuffisante : ${formatQuantity(delta)} m² de plus demandés, ${formatQuantity(building.freeM2)} m² libres (il manque ${formatQuantity((deltaHundredths - freeH) / 100)} m²).`,
    { field: 'areaM2', requestedM2: delta, freeM2: building.freeM2, shortfallM2: (deltaHundredths - freeH) / 100 },
  );
}

/** Undoes an applied area change (compensation); a no-op if it was not applied. */
export async function revertAreaChange(poleId: string, changeId: string, deltaHundredths: number): Promise<void> {
  const more = deltaHundredths > 0;
  await updateIf({
    Key: keys.building(poleId),
    UpdateExpression: `SET freeM2 = freeM2 ${more ? '+' : '-'} :area DELETE areaChanges :change`,
    ConditionExpression: 'contains(areaChanges, :id)',
    ExpressionAttributeValues: { ':area': Math.abs(deltaHundredths) / 100, ':change': new Set([changeId]), ':id': changeId },
    ReturnValues: 'NONE',
  });
}
