import { euros, KEY_LABELS } from './contribution.ts';
import { csvDocument } from './csv-export.ts';
import { escapeHtml, type HtmlPage } from './html.ts';
import { formatEurosPlain } from './money.ts';
import { formatQuantity } from './quantities.ts';
import { dayBefore, quarterSpan } from './quarters.ts';
import type { CategoryResult, Credits, MemberStatement } from './reconciliation.ts';

/** How statements are shown to people: French CSV for the accounting office, a printable page, a mail. */

export type StatementStatus = 'OPEN' | 'DRAFT' | 'APPROVED' | 'POSTED';

/** What a statement is, in French: posted, a draft awaiting approval, or a preview of a quarter in progress. */
export function statusLabel(status: StatementStatus, preview: boolean): string {
  if (status === 'POSTED') return 'Comptabilisé';
  if (status === 'APPROVED') return 'Approuvé — comptabilisation en cours';
  if (preview) return 'Aperçu — trimestre en cours, montants non définitifs';
  if (status === 'DRAFT') return 'Brouillon — en attente de validation';
  return 'Brouillon périmé — les données ont changé, nouveau calcul en cours';
}

/** The credit lines of a statement, for the CSV and the mail: always the unearmarked amount, then each earmark. */
function creditRows(credits: MemberStatement['credits']): { label: string; cents: number }[] {
  const rows = (when: string, c: Credits) => [
    { label: `Crédit de subvention reporté ${when} (non affecté)`, cents: c.unearmarkedCents },
    ...c.earmarked.map((e) => ({ label: `Crédit de subvention reporté ${when} (affecté : ${e.category})`, cents: e.cents })),
  ];
  return [...rows('du trimestre précédent', credits.in), ...rows('au trimestre suivant', credits.out)];
}

/**
 * One line per member and category, then adjustments, advances and balance (scope `membre`), then
 * the pôle's credits carried in and out (scope `pôle`, for information): `;`, decimal comma, UTF-8 BOM.
 */
export function statementsCsv(quarter: string, statements: readonly MemberStatement[]): string {
  const rows: string[][] = [['trimestre', 'siret', 'membre', 'rubrique', 'cle', 'montant', 'portee']];
  for (const s of statements) {
    const row = (rubric: string, key: string, cents: number, scope = 'membre') => [
      quarter,
      s.memberId,
      s.name,
      rubric,
      key,
      formatEurosPlain(cents),
      scope,
    ];
    for (const l of s.lines) rows.push(row(l.category, KEY_LABELS[l.key], l.cents));
    for (const a of s.adjustments) rows.push(row(`Ajustement : ${a.label}`, '', a.amountCents));
    if (s.advancesCents) rows.push(row('Avances versées', '', -s.advancesCents));
    rows.push(row('Solde', '', s.balanceCents));
    for (const c of creditRows(s.credits)) rows.push(row(c.label, '', c.cents, 'pôle (information)'));
  }
  return csvDocument(rows);
}

const LONG_DATE = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
/** 2026-10-01 → "1 octobre 2026". */
const longDate = (date: string): string => LONG_DATE.format(new Date(`${date}T00:00:00Z`));

const balanceText = (cents: number): string =>
  cents > 0 ? `Solde à régler : ${euros(cents)}` : cents < 0 ? `Solde en votre faveur : ${euros(-cents)}` : 'Solde nul';

/** The page's one style sheet (allowed by its hash, functions/common/html.ts): screen, and A4 print with page numbers. */
const statementStyle = (quarter: string): string =>
  [
    `@page{size:A4;margin:16mm 14mm 18mm;@bottom-left{content:"Relevé des frais mutualisés ${quarter}";font:8pt system-ui,sans-serif;color:#555}`,
    '@bottom-right{content:"Page " counter(page) " / " counter(pages);font:8pt system-ui,sans-serif;color:#555}}',
    // No ligatures: text copied or searched in the PDF reads « affectées », not « a ff ectées ».
    'body{font:10.5pt/1.4 system-ui,sans-serif;font-variant-ligatures:none;max-width:46rem;margin:2rem auto;color:#1b1b1b}',
    'h1{font-size:1.35rem;margin:.2rem 0}h2{font-size:1.05rem;margin:1.2rem 0 .4rem;border-bottom:2px solid #1b4f72;color:#1b4f72}',
    '.pole{font-weight:600;color:#1b4f72;margin:0}.periode{margin:0;color:#444}',
    '.statut{display:inline-block;border:1px solid #888;border-radius:3px;padding:.1rem .5rem;margin:.5rem 0}',
    '.statut.POSTED{border-color:#1e7b34;color:#1e7b34}.statut.apercu{border-color:#b35900;color:#b35900}',
    'table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ccc;padding:.3rem .4rem;text-align:left;vertical-align:top}',
    'thead{display:table-header-group}tr{break-inside:avoid}.n{text-align:right;white-space:nowrap}',
    'tr.total th,tr.total td{border-top:2px solid #1b1b1b;font-weight:700}.note{color:#555;font-size:.9em}',
    'h2{break-after:avoid}',
    '@media print{body{margin:0;max-width:none;font-size:9.5pt}th,td{padding:.12rem .3rem}.ecran{display:none}}',
  ].join('');

/** The pôle's credits, for the page: carried in from the previous quarter, out to the next. */
function creditsTable(credits: MemberStatement['credits']): string {
  const rows = (when: string, c: Credits) =>
    [
      `<tr><td>${when}</td><td>non affecté</td><td class="n">${euros(c.unearmarkedCents)}</td></tr>`,
      ...c.earmarked.map(
        (e) => `<tr><td>${when}</td><td>affecté à « ${escapeHtml(e.category)} »</td><td class="n">${euros(e.cents)}</td></tr>`,
      ),
    ].join('');
  return `<table><thead><tr><th>Report</th><th>Affectation</th><th class="n">Montant</th></tr></thead><tbody>${rows(
    'Du trimestre précédent',
    credits.in,
  )}${rows('Au trimestre suivant', credits.out)}</tbody></table>`;
}

/**
 * A member's statement as a French document that prints on A4 (« Imprimer → PDF »): pôle, member,
 * quarter and status, periods of presence, lines, adjustments, advances, balance, the pôle's
 * subsidies by category and its credits carried in and out, page numbers in the footer.
 */
export function statementPage(
  poleName: string,
  quarter: string,
  status: StatementStatus,
  preview: boolean,
  s: MemberStatement,
  categories: readonly CategoryResult[],
): HtmlPage {
  const span = quarterSpan(quarter);
  const periods = s.periods
    .map(
      (p) =>
        `<tr><td>du ${longDate(p.from)} au ${longDate(dayBefore(p.to))}</td><td class="n">${p.days}</td><td class="n">${formatQuantity(p.areaM2)} m²</td><td class="n">${formatQuantity(p.fte)}</td></tr>`,
    )
    .join('');
  const lines = s.lines
    .map((l) => `<tr><td>${escapeHtml(l.category)}</td><td>${KEY_LABELS[l.key]}</td><td class="n">${euros(l.cents)}</td></tr>`)
    .join('');
  const adjustments = s.adjustments
    .map((a) => `<tr><td colspan="2">Ajustement : ${escapeHtml(a.label)}</td><td class="n">${euros(a.amountCents)}</td></tr>`)
    .join('');
  const subsidies = categories
    .map(
      (c) =>
        `<tr><td>${escapeHtml(c.category)}</td><td class="n">${euros(c.grossCents)}</td><td class="n">${euros(c.earmarkedCents)}</td><td class="n">${euros(c.unearmarkedCents)}</td><td class="n">${euros(c.netCents)}</td></tr>`,
    )
    .join('');
  const body = `<header>
<p class="pole">${escapeHtml(poleName)}</p>
<h1>Relevé des frais mutualisés — trimestre ${escapeHtml(quarter)}</h1>
<p class="periode">Du ${longDate(span.start)} au ${longDate(dayBefore(span.end))} (${span.days} jours)</p>
<p class="statut ${status}${preview ? ' apercu' : ''}">${statusLabel(status, preview)}</p>
<p class="ecran note">Pour l’enregistrer ou l’imprimer : menu Imprimer, puis « Enregistrer au format PDF ».</p>
</header>
<section><h2>Membre</h2>
<p><strong>${escapeHtml(s.name)}</strong><br>SIRET ${escapeHtml(s.memberId)} — ${s.activeDays} jour(s) de présence sur le trimestre</p>
${periods ? `<table><thead><tr><th>Période</th><th class="n">Jours</th><th class="n">Surface</th><th class="n">ETP</th></tr></thead><tbody>${periods}</tbody></table>` : '<p>Aucun jour de présence ce trimestre.</p>'}
</section>
<section><h2>Votre part des frais mutualisés</h2>
<table><thead><tr><th>Catégorie</th><th>Clé de répartition</th><th class="n">Montant</th></tr></thead><tbody>${lines || '<tr><td colspan="3">Aucune part ce trimestre.</td></tr>'}
<tr class="total"><td colspan="2">Total de votre part</td><td class="n">${euros(s.sharesCents)}</td></tr>${adjustments}
<tr><td colspan="2">Avances versées</td><td class="n">− ${euros(s.advancesCents)}</td></tr>
<tr class="total"><th colspan="2">${balanceText(s.balanceCents)}</th><th class="n">${euros(s.balanceCents)}</th></tr></tbody></table>
</section>
<section><h2>Subventions et reste à charge du pôle</h2>
<table><thead><tr><th>Catégorie</th><th class="n">Coût</th><th class="n">Subventions affectées</th><th class="n">Subventions non affectées</th><th class="n">Reste à charge</th></tr></thead><tbody>${subsidies || '<tr><td colspan="5">Aucun frais ce trimestre.</td></tr>'}</tbody></table>
</section>
<section><h2>Crédits de subvention reportés (pôle)</h2>
${creditsTable(s.credits)}
<p class="note">Une subvention affectée qui dépasse le coût de sa catégorie reste affectée à celle-ci au trimestre suivant ; une subvention non affectée n’est reportée que si elle dépasse l’ensemble des frais.</p>
</section>`;
  return { title: `Relevé ${quarter} — ${s.name}`, style: statementStyle(quarter), body };
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
      ...s.lines.map((l) => `  - ${l.category} (${KEY_LABELS[l.key]}) : ${euros(l.cents)}`),
      ...s.adjustments.map((a) => `  - Ajustement, ${a.label} : ${euros(a.amountCents)}`),
      `  - Avances versées : −${euros(s.advancesCents)}`,
      '',
      `${balanceText(s.balanceCents)}.`,
      '',
      'Crédits de subvention du pôle :',
      ...creditRows(s.credits).map((c) => `  - ${c.label} : ${euros(c.cents)}`),
      '',
      `L’équipe d’animation du ${poleName}`,
    ].join('\n'),
  };
}
