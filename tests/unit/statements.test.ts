import { describe, expect, it } from 'vitest';
import { NO_CREDITS, reconcile } from '../../domain/reconciliation.ts';
import { statementMail, statementPage, statementsCsv, statusLabel } from '../../domain/statements.ts';

const result = reconcile({
  quarter: '2026-Q4',
  members: [{ memberId: '41000000791937', name: 'Atelier <b>"Barthes"</b>; & Cie', startDate: '2026-11-16', areaM2: 33.3, fte: 0.75 }],
  costLines: [
    { category: 'Accueil mutualisé', key: 'EQUAL', amountCents: 100_000 },
    { category: 'Charges du bâtiment', key: 'AREA', amountCents: 250_000 },
  ],
  subsidies: [{ funder: 'Département', amountCents: 120_000, earmark: 'Accueil mutualisé' }],
  carriedIn: { unearmarkedCents: 10_000, earmarked: [] },
  advances: [{ memberId: '41000000791937', amountCents: 50_000 }],
  usage: [],
  fixedShares: [],
  adjustments: [{ memberId: '41000000791937', label: 'Correction 2026-Q3', amountCents: -1_234 }],
});
const statement = result.members[0]!;

describe('statements shown to people', () => {
  it('says in French what a statement is', () => {
    expect(statusLabel('POSTED', false)).toBe('Comptabilisé');
    expect(statusLabel('DRAFT', true)).toMatch(/^Aperçu — trimestre en cours/);
    expect(statusLabel('DRAFT', false)).toBe('Brouillon — en attente de validation');
    expect(statusLabel('OPEN', false)).toMatch(/^Brouillon périmé/);
  });

  it('CSV: member lines, advances, balance, then the pôle’s credits in and out, quoted where needed', () => {
    const csv = statementsCsv('2026-Q4', result.members);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe('trimestre;siret;membre;rubrique;cle;montant;portee');
    expect(lines).toContain('2026-Q4;41000000791937;"Atelier <b>""Barthes""</b>; & Cie";Charges du bâtiment;surface;2400,00;membre');
    expect(lines).toContain('2026-Q4;41000000791937;"Atelier <b>""Barthes""</b>; & Cie";Avances versées;;-500,00;membre');
    expect(lines).toContain(
      '2026-Q4;41000000791937;"Atelier <b>""Barthes""</b>; & Cie";Crédit de subvention reporté du trimestre précédent (non affecté);;100,00;pôle (information)',
    );
    expect(lines).toContain(
      '2026-Q4;41000000791937;"Atelier <b>""Barthes""</b>; & Cie";Crédit de subvention reporté au trimestre suivant (affecté : Accueil mutualisé);;200,00;pôle (information)',
    );
  });

  it('HTML: a French A4 document with page numbers, its one style sheet apart (allowed by its hash), and nothing unescaped', () => {
    const page = statementPage('Pôle Sud Aquitain', '2026-Q4', 'DRAFT', false, statement, result.categories);
    expect(page.style).toMatch(/@page\{size:A4;/);
    expect(page.style).toContain('counter(page) " / " counter(pages)');
    expect(page.body).toContain('Atelier &lt;b&gt;&quot;Barthes&quot;&lt;/b&gt;; &amp; Cie');
    expect(page.body).not.toContain('<b>"Barthes"');
    expect(page.body).toMatch(/Du 1 octobre 2026 au 31 décembre 2026 \(92 jours\)/);
    expect(page.body).toMatch(
      /du 16 novembre 2026 au 31 décembre 2026<\/td><td class="n">46<\/td><td class="n">33,3 m²<\/td><td class="n">0,75<\/td>/,
    );
    for (const text of [
      'Votre part des frais mutualisés',
      'Ajustement : Correction 2026-Q3',
      'Avances versées',
      'Solde à régler',
      'Subventions et reste à charge du pôle',
      'Du trimestre précédent',
      'Au trimestre suivant',
    ]) {
      expect(page.body).toContain(text);
    }
  });

  it('mail: the lines, the balance and the credits', () => {
    const mail = statementMail('Pôle Sud Aquitain', '2026-Q4', { ...statement, credits: { in: NO_CREDITS, out: NO_CREDITS } });
    expect(mail.subject).toBe('Pôle Sud Aquitain — relevé des frais mutualisés du trimestre 2026-Q4');
    expect(mail.text).toMatch(/Crédit de subvention reporté au trimestre suivant \(non affecté\) : 0,00/);
  });
});
