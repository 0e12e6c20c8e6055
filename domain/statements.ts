import { euros } from './contribution.ts';
import { escapeHtml, type HtmlPage } from './html.ts';
import { ALLOCATION_KEY_LABELS } from './labels.ts';
import { formatEurosPlain } from './money.ts';
import type { CategoryResult, MemberStatement } from './reconciliation.ts';

/** How statements are shown to people: French CSV for the accounting office, a page, a mail. */

const csvCell = (value: string): string => (/[;"\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** One line per member and category, then adjustments, advances and balance: `;`, decimal comma, UTF-8 BOM. */
export function statementsCsv(quarter: string, statements: readonly MemberStatement[]): string {
  const rows = [['trimestre', 'siret', 'membre', 'rubrique', 'cle', 'montant'].join(';')];
  for (const s of statements) {
    const row = (rubric: string, key: string, cents: number) =>
      [quarter, s.memberId, s.name, rubric, key, formatEurosPlain(cents)].map(csvCell).join(';');
    for (const l of s.lines) rows.push(row(l.category, ALLOCATION_KEY_LABELS[l.key], l.cents));
    for (const a of s.adjustments) rows.push(row(`Ajustement : ${a.label}`, '', a.amountCents));
    if (s.advancesCents) rows.push(row('Avances versées', '', -s.advancesCents));
    rows.push(row('Solde', '', s.balanceCents));
  }
  return `\uFEFF${rows.join('\r\n')}\r\n`;
}

const balanceText = (cents: number): string =>
  cents > 0 ? `Solde à régler : ${euros(cents)}` : cents < 0 ? `Solde en votre faveur : ${euros(-cents)}` : 'Solde nul';

const STATEMENT_STYLE =
  'body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;color:#222}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left}.n{text-align:right;white-space:nowrap}.statut{color:#555}';

/** A readable French page for one member's statement. */
export function statementPage(
  poleName: string,
  quarter: string,
  status: string,
  s: MemberStatement,
  categories: readonly CategoryResult[],
): HtmlPage {
  const rows = s.lines
    .map((l) => `<tr><td>${escapeHtml(l.category)}</td><td>${ALLOCATION_KEY_LABELS[l.key]}</td><td class="n">${euros(l.cents)}</td></tr>`)
    .join('');
  const adjustments = s.adjustments
    .map((a) => `<tr><td colspan="2">Ajustement : ${escapeHtml(a.label)}</td><td class="n">${euros(a.amountCents)}</td></tr>`)
    .join('');
  const subsidies = categories
    .filter((c) => c.earmarkedCents + c.unearmarkedCents > 0)
    .map(
      (c) =>
        `<li>${escapeHtml(c.category)} : coût ${euros(c.grossCents)}, subventions ${euros(c.earmarkedCents + c.unearmarkedCents)}, reste à charge ${euros(c.netCents)}</li>`,
    )
    .join('');
  return {
    title: `Relevé ${quarter} — ${s.name}`,
    style: STATEMENT_STYLE,
    body: `<h1>${escapeHtml(poleName)} — relevé du trimestre ${escapeHtml(quarter)}</h1>
<p><strong>${escapeHtml(s.name)}</strong> (SIRET ${escapeHtml(s.memberId)}), ${s.activeDays} jour(s) de présence. <span class="statut">Statut : ${status === 'POSTED' ? 'comptabilisé' : 'brouillon'}</span></p>
<h2>Votre part des frais mutualisés</h2>
<table><thead><tr><th>Catégorie</th><th>Clé</th><th class="n">Montant</th></tr></thead><tbody>${rows}${adjustments}
<tr><td colspan="2">Avances versées</td><td class="n">− ${euros(s.advancesCents)}</td></tr>
<tr><th colspan="2">${balanceText(s.balanceCents)}</th><th class="n">${euros(s.balanceCents)}</th></tr></tbody></table>
<h2>Subventions du trimestre</h2><ul>${subsidies || '<li>Aucune subvention ce trimestre.</li>'}</ul>`,
  };
}

/** A member with no day in the quarter and nothing to settle gets no statement mail. */
export const hasSomethingToSay = (s: MemberStatement): boolean =>
  s.activeDays > 0 || s.balanceCents !== 0 || s.advancesCents !== 0 || s.adjustments.length > 0;

export function statementMail(poleName: string, quarter: string, s: MemberStatement): { subject: string; text: string } {
  return {
    subject: `${poleName} — relevé des frais mutualisés du trimestre ${quarter}`,
    text: [
      'Bonjour,',
      '',
      `Voici le relevé de ${s.name} pour le trimestre ${quarter} (${s.activeDays} jour(s) de présence) :`,
      ...s.lines.map((l) => `  - ${l.category} (${ALLOCATION_KEY_LABELS[l.key]}) : ${euros(l.cents)}`),
      ...s.adjustments.map((a) => `  - Ajustement, ${a.label} : ${euros(a.amountCents)}`),
      `  - Avances versées : −${euros(s.advancesCents)}`,
      '',
      `${balanceText(s.balanceCents)}.`,
      '',
      `L’équipe d’animation du ${poleName}`,
    ].join('\n'),
  };
}
