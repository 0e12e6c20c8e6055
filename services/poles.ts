import { ConflictError, ForbiddenError, NotFoundError, RuleViolation } from '../domain/errors.ts';
import { capacityCheck, type PoleSetup, type SetupChange, type SetupHistoryEntry, setupChanges } from '../domain/pole-setup.ts';
import { formatQuantity, toHundredths } from '../domain/quantities.ts';
import { type Staff, setupAccess } from '../domain/staff.ts';
import { servedPoles } from '../ports/config.ts';
import { getBuilding, putBuildingIfAbsent, resizeBuilding } from '../store/building.ts';
import { createPoleProfile, declareFirstQuarter, getPoleSetup, updatePoleProfile } from '../store/poles.ts';

/** A pôle's set-up as the route and the command line show it: what was sent, the building's free area, the history. */
export interface PoleSetupView {
  poleId: string;
  setup: PoleSetup;
  building: { capacityM2: number; freeM2: number };
  version: number;
  history: SetupHistoryEntry[];
}

export interface SetupOutcome {
  created: boolean;
  /** What this set-up changed (none when creating, none when nothing differs). */
  changes: SetupChange[];
  pole: PoleSetupView;
}

function assertAccess(staff: Staff, poleId: string, exists: boolean): void {
  const access = setupAccess(staff, poleId, exists);
  if (!access.allowed) throw new ForbiddenError(access.reason, { poleId });
}

/** The pôle's set-up, for an operator or one of its admins; 404 before its first set-up. */
export async function readPoleSetup(poleId: string, staff: Staff): Promise<PoleSetupView> {
  const recorded = await getPoleSetup(poleId);
  assertAccess(staff, poleId, recorded !== undefined);
  if (!recorded) throw new NotFoundError(`Pôle inconnu : ${poleId}.`, { poleId });
  const building = await getBuilding(poleId);
  return { poleId, ...recorded, building: { capacityM2: building.capacityM2, freeM2: building.freeM2 } };
}

/**
 * Sets a pôle up (docs/day-one.md#set-up): creates it (an operator, for a pôle the deployment
 * serves) or brings it to the set-up sent (an operator or its admins). Two items are written —
 * the building, whose free area follows a new capacity, then the profile with the history entry,
 * conditional on the version read — each so that running the same set-up again, after a success
 * or a failure between the two, changes nothing more and leaves one history entry.
 */
export async function setUpPole(poleId: string, setup: PoleSetup, staff: Staff, at: string): Promise<SetupOutcome> {
  const recorded = await getPoleSetup(poleId);
  assertAccess(staff, poleId, recorded !== undefined);
  if (!recorded) {
    const served = servedPoles();
    if (served.length > 0 && !served.includes(poleId)) {
      throw new RuleViolation(
        'POLE_NOT_SERVED',
        `Le pôle ${poleId} n’est pas desservi par ce déploiement (pôles desservis : ${served.join(', ')}) : ajoutez-le au paramètre pole:poles et redéployez, pour qu’il ait ses rapprochements planifiés.`,
        { field: 'poleId', served },
      );
    }
    await applyBuilding(poleId, setup.building);
    if (await createPoleProfile(poleId, setup, { at, by: staff.subject, action: 'CREATED', changes: [] })) {
      return { created: true, changes: [], pole: await readPoleSetup(poleId, staff) };
    }
    return setUpPole(poleId, setup, staff, at); // created meanwhile by another set-up: this one is an update
  }
  const changes = setupChanges(recorded.setup, setup);
  if (changes.length === 0) return { created: false, changes, pole: await readPoleSetup(poleId, staff) };
  await applyBuilding(poleId, setup.building);
  if (setup.firstQuarter && setup.firstQuarter !== recorded.setup.firstQuarter) await declareFirstQuarter(poleId, setup.firstQuarter);
  const entry: SetupHistoryEntry = { at, by: staff.subject, action: 'UPDATED', changes };
  if (!(await updatePoleProfile(poleId, setup, recorded.version, entry))) {
    throw new ConflictError('SETUP_CHANGED', 'La configuration du pôle a changé entre-temps : relisez-la et recommencez.', { poleId });
  }
  return { created: false, changes, pole: await readPoleSetup(poleId, staff) };
}

/**
 * Brings the building item to the set-up's name and capacity (a no-op when it has them): its
 * free area moves by the capacity's change, and a capacity below what members and approved
 * applications hold is a 409 naming the shortfall in m².
 */
async function applyBuilding(poleId: string, target: PoleSetup['building']): Promise<void> {
  const current = await getBuilding(poleId).catch((error: unknown) => {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  });
  if (!current) {
    await putBuildingIfAbsent(poleId, target.name, target.capacityM2, 0, []);
    return;
  }
  if (current.name === target.name && current.capacityM2 === target.capacityM2) return;
  const { occupiedM2, shortfallM2 } = capacityCheck(current, target.capacityM2);
  if (shortfallM2 > 0) {
    throw new ConflictError(
      'CAPACITY_BELOW_RESERVED',
      `Capacité insuffisante : les membres et candidatures approuvées occupent ${formatQuantity(occupiedM2)} m², il manque ${formatQuantity(shortfallM2)} m² pour une capacité de ${formatQuantity(target.capacityM2)} m².`,
      { field: 'building.capacityM2', shortfallM2 },
    );
  }
  const deltaM2 = ((toHundredths(target.capacityM2) ?? 0) - (toHundredths(current.capacityM2) ?? 0)) / 100;
  if (!(await resizeBuilding(poleId, target.name, current.capacityM2, target.capacityM2, deltaM2))) {
    throw new ConflictError('BUILDING_CHANGED', 'Le bâtiment a changé entre-temps (une surface vient d’être réservée) : recommencez.', {
      field: 'building.capacityM2',
    });
  }
}
