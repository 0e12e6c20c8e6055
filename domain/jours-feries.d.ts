// @socialgouv/jours-feries 2 ships no type declarations; this is the part of its API domain/calendar.ts uses.
declare module '@socialgouv/jours-feries' {
  /** The French public holidays of `year` by French name, as local-time midnights; `alsace` adds Alsace-Moselle's two. */
  export default function getJoursFeries(year: number, options?: { alsace?: boolean }): Record<string, Date>;
}
