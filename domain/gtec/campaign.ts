import * as z from 'zod';
import { ValidationError } from '../errors.ts';
import { campaignIdSchema } from '../ids.ts';
import { isCommuneCode, resolveCommune } from '../nomenclatures/communes.ts';
import { type Company, NAF_SECTIONS, nafSection, SIZE_BANDS } from './companies.ts';

/** Which companies a campaign targets: some NAF sections, size bands and communes (a filter left out: every one). */
export const campaignFiltersSchema = z.strictObject({
  nafSections: z
    .array(z.string().trim().toUpperCase().pipe(z.enum(NAF_SECTIONS)))
    .min(1)
    .optional(),
  sizeBands: z.array(z.enum(SIZE_BANDS)).min(1).optional(),
  /** INSEE codes or names (`Tarnos`, `Saint-Barthélemy (40)`): resolveFilters() turns them into codes. */
  communes: z.array(z.string().trim().min(1).max(100)).min(1).max(500).optional(),
});

/** A campaign as an admin launches it (docs/gtec.md#campaign). Reminders default to +7 and +14 days. */
export const campaignRequestSchema = z.strictObject({
  campaignId: campaignIdSchema.optional(),
  title: z.string().trim().min(1).max(200).default('Enquête GTEC'),
  filters: campaignFiltersSchema.default({}),
  closesAt: z.iso.datetime({ offset: true }),
  reminders: z
    .array(z.iso.datetime({ offset: true }))
    .max(3)
    .optional(),
});
export type CampaignRequest = z.output<typeof campaignRequestSchema>;

const DAY = 86_400_000;

/** Absolute reminder and close timestamps, checked against now: each in the future, in order, before the close. */
export function scheduleOf(
  request: CampaignRequest,
  now: Date,
): { reminders: string[]; closesAt: string } | { problem: { field: string; rule: string; message: string } } {
  const closesAt = new Date(request.closesAt);
  const reminders = (request.reminders ?? [7, 14].map((d) => new Date(now.getTime() + d * DAY).toISOString())).map((r) => new Date(r));
  if (closesAt <= now) return { problem: { field: 'closesAt', rule: 'future', message: 'La date de clôture doit être dans le futur.' } };
  const bad = reminders.findIndex((r, i) => r <= now || r >= closesAt || (i > 0 && r <= reminders[i - 1]!));
  if (bad >= 0)
    return {
      problem: {
        field: `reminders.${bad}`,
        rule: 'order',
        message: 'Chaque relance doit être à venir, après la précédente et avant la clôture.',
      },
    };
  return { reminders: reminders.map((r) => r.toISOString()), closesAt: closesAt.toISOString() };
}

/**
 * The filters with each commune given by name resolved to its INSEE code, the way the registry
 * stores them (a name several communes share is settled by the pôle's départements); an unknown
 * or ambiguous one is a 400 naming it.
 */
export function resolveFilters(filters: CampaignRequest['filters'], departements: readonly string[]): CampaignRequest['filters'] {
  if (!filters.communes) return filters;
  const issues: { field: string; rule: string; message: string }[] = [];
  const communes = filters.communes.map((given, i) => {
    const r = resolveCommune(isCommuneCode(given) ? { code: given } : { name: given }, departements);
    if ('commune' in r) return r.commune.code;
    issues.push({ field: `filters.communes.${i}`, rule: r.problem.rule, message: r.problem.message });
    return given;
  });
  if (issues.length > 0) throw new ValidationError(issues);
  return { ...filters, communes: [...new Set(communes)] };
}

/** Whether a company is targeted by the campaign's filters (no filter: every company); communes by INSEE code. */
export const matchesFilters =
  (filters: CampaignRequest['filters']) =>
  (c: Pick<Company, 'naf' | 'sizeBand' | 'commune'> & { nafSection?: string }): boolean =>
    (!filters.nafSections || (filters.nafSections as string[]).includes(c.nafSection ?? nafSection(c.naf) ?? '')) &&
    (!filters.sizeBands || (filters.sizeBands as string[]).includes(c.sizeBand)) &&
    (!filters.communes || filters.communes.includes(c.commune));

// Survey links' tokens are personal links like the applicants' (domain/tokens.ts).
export { hashToken, isTokenShaped, newToken } from '../tokens.ts';

const frDate = (iso: string) =>
  new Date(iso).toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris', day: 'numeric', month: 'long', year: 'numeric' });

/** The invitation or reminder mail, in French. */
export function surveyMail(
  kind: 'invitation' | 'reminder',
  poleName: string,
  companyName: string,
  title: string,
  link: string,
  closesAt: string,
): { subject: string; text: string } {
  const subject = kind === 'invitation' ? `${title} — ${poleName}` : `Rappel : ${title} — ${poleName}`;
  const text = [
    'Bonjour,',
    '',
    kind === 'invitation'
      ? `Le ${poleName} mène une enquête sur les besoins en emplois et en compétences du territoire. Nous aimerions connaître ceux de ${companyName}.`
      : `Sauf erreur, ${companyName} n’a pas encore répondu à notre enquête sur les emplois et les compétences du territoire.`,
    '',
    `Répondre (lien personnel, à ne pas transmettre) : ${link}`,
    '',
    `L’enquête est ouverte jusqu’au ${frDate(closesAt)}. Vos réponses restent confidentielles : aucun chiffre calculé sur moins de 3 entreprises n’est publié.`,
    '',
    `L’équipe du ${poleName}`,
  ].join('\n');
  return { subject, text };
}

/** Companies handled by one workflow task: bounded work and payload, whatever the target count. */
export const PAGE_SIZE = 100;

/** A page of the campaign's targets, named by the SIRET just before it (null for the first). */
export interface PageCursor {
  after: string | null;
}

/**
 * The pages of a target list sorted by SIRET (the order of the targets' sort keys): what the
 * workflow's Map iterates over. 10,000 targets make 100 cursors, about 3 KB of state.
 */
export function pageCursors(sortedSirets: readonly string[], size = PAGE_SIZE): PageCursor[] {
  const pages: PageCursor[] = [];
  for (let i = 0; i < sortedSirets.length; i += size) pages.push({ after: i === 0 ? null : sortedSirets[i - 1]! });
  return pages;
}

/** What a target records of the rounds that mailed it. */
export interface RoundMarks {
  siret: string;
  invitedAt?: string;
  remindedRounds?: number[];
}

/**
 * Who round `round` mails among a page of targets: round 0 invites those not invited yet; round n
 * reminds the invited who have not answered and were not reminded in that round (a retried page
 * mails only what is left).
 */
export function dueInRound<T extends RoundMarks>(targets: readonly T[], round: number, responded: ReadonlySet<string>): T[] {
  return round === 0
    ? targets.filter((t) => !t.invitedAt)
    : targets.filter((t) => t.invitedAt && !responded.has(t.siret) && !t.remindedRounds?.includes(round));
}

/** A target once round `round` has mailed it at `at`. */
export function markMailed<T extends RoundMarks>(target: T, round: number, at: string): T {
  return round === 0 ? { ...target, invitedAt: at } : { ...target, remindedRounds: [...(target.remindedRounds ?? []), round] };
}

/** The rounds after the invitations, as a chain the workflow walks without arithmetic: each reminder's number, date and what follows. */
export interface ReminderChain {
  round: number;
  at: string;
  then: ReminderChain | null;
}

export function reminderChain(reminders: readonly string[]): ReminderChain | null {
  return reminders.reduceRight<ReminderChain | null>((then, at, i) => ({ round: i + 1, at, then }), null);
}

/**
 * Above this many targets the workflow sends its pages through a Distributed Map (in AWS): each
 * page becomes a child execution with its own history, so the campaign's history (25,000 events
 * at most) no longer grows with the number of companies, and a failed page is redriven alone.
 * Below it, an inline Map is cheaper (no child executions) and its history stays short.
 */
export const DISTRIBUTED_MAP_ABOVE = 2_000;

export const usesDistributedMap = (targets: number, threshold = DISTRIBUTED_MAP_ABOVE): boolean => targets > threshold;

/**
 * A survey link accepts one submission per slot of this many seconds. A person correcting an
 * answer is not held back; a script replaying a link (or a double click) writes once per slot.
 */
export const SUBMISSION_SLOT_S = 5;

/** The slot a submission falls in: its start, as an ISO timestamp (the history item's key). */
export const submissionSlot = (at: Date): string =>
  new Date(Math.floor(at.getTime() / (SUBMISSION_SLOT_S * 1000)) * SUBMISSION_SLOT_S * 1000).toISOString();
