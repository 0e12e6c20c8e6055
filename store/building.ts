import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import { formatQuantity } from '../domain/quantities.ts';
import { ddb, tableName } from './client.ts';
import { keys } from './keys.ts';
import { conditionally, putIfAbsent, update } from './writes.ts';

interface Building {
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
  await putIfAbsent({
    ...keys.building(poleId),
    type: 'Building',
    name,
    capacityM2,
    freeM2: capacityM2 - reservedM2,
    ...(holders.length > 0 && { reservations: new Set(holders) }),
  });
}

/** One holder's area moving in or out of the building item, under `condition`; false when it did not hold. */
const moveArea = (poleId: string, holder: string, areaM2: number, expression: string, condition: string) =>
  conditionally(
    update({
      Key: keys.building(poleId),
      UpdateExpression: expression,
      ConditionExpression: condition,
      ExpressionAttributeValues: { ':area': areaM2, ':holder': new Set([holder]), ':id': holder },
    }),
  ).then((written) => written !== undefined);

/**
 * Reserves `areaM2` for `holder` by one conditional update of the building item: it never
 * reserves more than the building holds, even with two approvals racing for the last square
 * metres, and a retry for the same holder changes nothing.
 */
export async function reserveArea(poleId: string, holder: string, areaM2: number): Promise<void> {
  const reserved = await moveArea(
    poleId,
    holder,
    areaM2,
    'SET freeM2 = freeM2 - :area ADD reservations :holder',
    'attribute_exists(PK) AND freeM2 >= :area AND NOT contains(reservations, :id)',
  );
  if (reserved) return;
  const building = await getBuilding(poleId);
  if (building.reservations.includes(holder)) return; // already reserved by an earlier attempt
  throw new ConflictError('AREA_UNAVAILABLE', `Surface insuffisante : ${areaM2} m² demandés, ${building.freeM2} m² libres.`, {
    field: 'requestedAreaM2',
    requestedM2: areaM2,
    freeM2: building.freeM2,
  });
}

/** Gives the area back (compensation, or a member leaving); a no-op, false, if `holder` holds none. */
export const releaseArea = (poleId: string, holder: string, areaM2: number): Promise<boolean> =>
  moveArea(poleId, holder, areaM2, 'SET freeM2 = freeM2 + :area DELETE reservations :holder', 'contains(reservations, :id)');

/**
 * Sets the building's name and capacity by one conditional update: from the capacity read
 * (`fromM2`), the free area moving by the difference, and never below what is reserved (a smaller
 * capacity needs that much free area). False, nothing written, when either no longer holds.
 */
export async function resizeBuilding(poleId: string, name: string, fromM2: number, toM2: number, deltaM2: number): Promise<boolean> {
  const written = await conditionally(
    update({
      Key: keys.building(poleId),
      UpdateExpression: 'SET #name = :name, capacityM2 = :to, freeM2 = freeM2 + :delta',
      ConditionExpression: 'capacityM2 = :from AND freeM2 >= :needed',
      ExpressionAttributeNames: { '#name': 'name' },
      ExpressionAttributeValues: { ':name': name, ':to': toM2, ':from': fromM2, ':delta': deltaM2, ':needed': Math.max(0, -deltaM2) },
    }),
  );
  return written !== undefined;
}

/**
 * Applies a member's area change to the building by one conditional update, once per change
 * (`changeId` is kept in `areaChanges`): more area is reserved only if the building holds it —
 * otherwise a 409 naming the shortfall —, less area is given back.
 */
export async function applyAreaChange(poleId: string, changeId: string, deltaHundredths: number): Promise<void> {
  const delta = Math.abs(deltaHundredths) / 100;
  const more = deltaHundredths > 0;
  const applied = await moveArea(
    poleId,
    changeId,
    delta,
    `SET freeM2 = freeM2 ${more ? '-' : '+'} :area ADD areaChanges :holder`,
    `attribute_exists(PK) AND NOT contains(areaChanges, :id)${more ? ' AND freeM2 >= :area' : ''}`,
  );
  if (applied) return;
  const building = await getBuilding(poleId);
  if (building.areaChanges.includes(changeId)) return; // applied by an earlier attempt
  const shortfallM2 = (deltaHundredths - Math.round(building.freeM2 * 100)) / 100;
  throw new ConflictError(
    'AREA_UNAVAILABLE',
    `Surface insuffisante : ${formatQuantity(delta)} m² de plus demandés, ${formatQuantity(building.freeM2)} m² libres (il manque ${formatQuantity(shortfallM2)} m²).`,
    { field: 'areaM2', requestedM2: delta, freeM2: building.freeM2, shortfallM2 },
  );
}

/** Undoes an applied area change (compensation); a no-op if it was not applied. */
export const revertAreaChange = (poleId: string, changeId: string, deltaHundredths: number): Promise<boolean> =>
  moveArea(
    poleId,
    changeId,
    Math.abs(deltaHundredths) / 100,
    `SET freeM2 = freeM2 ${deltaHundredths > 0 ? '+' : '-'} :area DELETE areaChanges :holder`,
    'contains(areaChanges, :id)',
  );
