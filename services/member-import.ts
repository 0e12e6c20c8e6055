import { parisDate } from '../domain/dates.ts';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.ts';
import {
  areaShortfallM2,
  importIdOf,
  type MemberRow,
  occupiesFrom,
  planImport,
  type SiretHolding,
  shortfallMessage,
} from '../domain/member-import.ts';
import { quarterOf } from '../domain/quarters.ts';
import { getBuilding, releaseArea, reserveArea } from '../store/building.ts';
import { createMember, listMembers, removeImportedMember } from '../store/members.ts';
import { claimSiretForMember, listSiretClaims, settleSiretClaim } from '../store/siret-claims.ts';
import { releaseDueLeaves } from './members.ts';
import { invalidateOpenFrom } from './reconciliation.ts';

export interface ImportOutcome {
  importId: string;
  /** Members written by this import. */
  imported: number;
  /** Members already there exactly as the file says (the same import run again). */
  unchanged: number;
  building: { capacityM2: number; freeM2: number };
}

/** A SIRET twice in one import: a 400 naming both lines. */
function refuseDuplicates(rows: readonly MemberRow[]): void {
  const first = new Map<string, number>();
  const issues = rows.flatMap((row) => {
    const seen = first.get(row.member.siret);
    if (seen === undefined) first.set(row.member.siret, row.line);
    return seen === undefined
      ? []
      : [
          {
            line: row.line,
            field: 'siret',
            rule: 'duplicate',
            message: `Ligne ${row.line} : SIRET ${row.member.siret} déjà présent ligne ${seen}.`,
          },
        ];
  });
  if (issues.length > 0) throw new ValidationError(issues, 'Import refusé : un même SIRET y figure plusieurs fois. Rien n’a été importé.');
}

/**
 * Imports a pôle's existing members (docs/day-one.md#existing-members), all or nothing. Everything
 * is checked before anything is written — SIRETs held by an application or by a different member
 * (409, by line), the building's free area for every member present today or later (409 naming
 * the shortfall) — then each member claims its SIRET, reserves its area by the onboarding's
 * conditional update, and is created. These are single-item writes: should one fail (a race with
 * an onboarding), those of this run are undone; the same import run again completes what an
 * interrupted run left and changes nothing once complete.
 */
export async function importMembers(poleId: string, rows: readonly MemberRow[], now: Date): Promise<ImportOutcome> {
  refuseDuplicates(rows);
  const today = parisDate(now);
  const at = now.toISOString();
  await requireBuilding(poleId);
  await releaseDueLeaves(poleId, today);
  const [building, claims, members] = await Promise.all([getBuilding(poleId), listSiretClaims(poleId), listMembers(poleId)]);
  const memberItems = new Map(members.map((m) => [m.memberId, m as unknown as Record<string, unknown>]));
  const holdings = new Map<string, SiretHolding>(
    claims.map((c) => [
      c.siret,
      { state: c.state, holder: c.holder, ...(memberItems.has(c.siret) && { member: memberItems.get(c.siret) }) },
    ]),
  );
  const plan = planImport(rows, holdings, new Set(building.reservations), today);
  if (plan.conflicts.length > 0) {
    throw new ConflictError(
      'MEMBERS_CONFLICT',
      `Import refusé : ${plan.conflicts.length} SIRET déjà pris par le pôle. Rien n’a été importé.`,
      { conflicts: plan.conflicts },
    );
  }
  const shortfallM2 = areaShortfallM2(plan.areaToReserveM2, building.freeM2);
  if (shortfallM2 > 0) {
    throw new ConflictError('AREA_UNAVAILABLE', shortfallMessage(plan.areaToReserveM2, building.freeM2, shortfallM2), {
      field: 'areaM2',
      requestedM2: plan.areaToReserveM2,
      freeM2: building.freeM2,
      shortfallM2,
    });
  }
  const importId = importIdOf(poleId, rows);
  const attempted: MemberRow[] = [];
  try {
    for (const row of plan.toWrite) {
      attempted.push(row);
      await writeMember(poleId, row, importId, today, at);
    }
  } catch (error) {
    for (const row of attempted) await undoMember(poleId, row, importId);
    throw error;
  }
  // Drafts of the open quarters these members are part of would be stale: they are computed again (as for an onboarded member).
  const earliest = plan.toWrite.map((r) => r.member.startDate).sort()[0];
  if (earliest)
    await invalidateOpenFrom(
      poleId,
      quarterOf(earliest),
      `Import de ${plan.toWrite.length} membre(s) existant(s) : le brouillon est recalculé.`,
      at,
    );
  const after = await getBuilding(poleId);
  return {
    importId,
    imported: plan.toWrite.length,
    unchanged: plan.unchanged.length,
    building: { capacityM2: after.capacityM2, freeM2: after.freeM2 },
  };
}

async function requireBuilding(poleId: string): Promise<void> {
  await getBuilding(poleId).catch((error: unknown) => {
    if (!(error instanceof NotFoundError)) throw error;
    throw new NotFoundError(`Le pôle ${poleId} n’est pas encore configuré : commencez par pole-admin pole setup.`, { poleId });
  });
}

/** One member: its SIRET claimed for itself, its area reserved if it is still there, then its item. Each step a no-op when done. */
async function writeMember(poleId: string, { line, member }: MemberRow, importId: string, today: string, at: string): Promise<void> {
  if (!(await claimSiretForMember(poleId, member.siret, at))) {
    throw new ConflictError(
      'MEMBERS_CONFLICT',
      `Ligne ${line} : le SIRET ${member.siret} vient d’être pris par une candidature. Rien n’a été importé.`,
      {
        conflicts: [{ line, field: 'siret', rule: 'application_pending' }],
      },
    );
  }
  const occupies = occupiesFrom(member, today);
  if (occupies) await reserveArea(poleId, member.siret, member.areaM2);
  await createMember({
    poleId,
    memberId: member.siret,
    ...member,
    importId,
    // A member holds its area itself, as a founding member does (an onboarded one holds it by its application).
    areaHolder: member.siret,
    ...(!occupies && { areaReleased: true }),
  });
}

/** Undoes what this import wrote for a member (compensation): its item, its area, its claim; each only if it is this import's. */
async function undoMember(poleId: string, { member }: MemberRow, importId: string): Promise<void> {
  await removeImportedMember(poleId, member.siret, importId);
  await releaseArea(poleId, member.siret, member.areaM2);
  await settleSiretClaim(poleId, member.siret, member.siret, 'RELEASED');
}
