import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../local/runtime.ts';
import { launchChromium, watchErrors } from '../support/browser.ts';
import { ADMIN, call, eventually, startTestRuntime } from '../support/runtime.ts';

const ARTIFACTS = join(import.meta.dirname, '..', 'artifacts');

let runtime: Runtime;
let browser: Browser;
beforeAll(async () => {
  runtime = await startTestRuntime();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

/** The text of each page of a PDF, as a reader (or a search) finds it. */
async function pdfPages(pdf: Buffer): Promise<{ text: string; width: number; height: number }[]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), disableFontFace: true, useSystemFonts: false }).promise;
  const pages = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const content = await page.getTextContent();
    const [, , width, height] = page.view;
    pages.push({
      text: content.items
        .map((i) => ('str' in i ? i.str : ''))
        .join(' ')
        .replace(/\s+/g, ' '),
      width: width!,
      height: height!,
    });
  }
  await doc.destroy();
  return pages;
}

describe('a statement printed from Chromium', () => {
  it('prints on A4 as a French document with the pôle, member, quarter, lines, subsidies, credits, advances, balance and page numbers', async () => {
    const { members } = (await call(runtime, 'GET', '/admin/members', { headers: ADMIN })).body;
    const member = members[0];
    // Enough categories to need a second page.
    const costs = Array.from({ length: 45 }, (_, i) => ({
      category: `Poste mutualisé ${String(i + 1).padStart(2, '0')}`,
      key: i % 2 ? 'AREA' : 'EQUAL',
      amountCents: 100_000 + i * 1_234,
    }));
    const post = (kind: string, rows: unknown) =>
      call(runtime, 'POST', `/admin/reconciliations/2026-Q3/inputs/${kind}`, { headers: ADMIN, body: rows });
    expect((await post('costs', costs)).status).toBe(200);
    expect(
      (
        await post('subsidies', [
          { funder: 'Région Nouvelle-Aquitaine', amountCents: 500_000 },
          { funder: 'Département des Landes', amountCents: 150_000, earmark: 'Poste mutualisé 01' },
        ])
      ).status,
    ).toBe(200);
    expect((await post('advances', [{ memberId: member.memberId, amountCents: 250_000 }])).status).toBe(200);
    const run = (await call(runtime, 'POST', '/admin/reconciliations/2026-Q3/runs', { headers: ADMIN })).body;
    await eventually(async () => runtime.engine.waitingStates(run.executionArn).includes('AwaitApproval'));
    expect(
      (await call(runtime, 'POST', '/admin/reconciliations/2026-Q3/decision', { headers: ADMIN, body: { decision: 'APPROVE' } })).status,
    ).toBe(200);
    await runtime.engine.settled(run.executionArn);

    const page = await browser.newPage({ locale: 'fr-FR' });
    const problems: string[] = [];
    watchErrors(page, problems); // a style the CSP refused would show here
    await page.setExtraHTTPHeaders(ADMIN);
    const reply = await page.goto(`${runtime.url}/admin/reconciliations/2026-Q3/statements/${member.memberId}?format=html`);
    expect(reply!.status()).toBe(200);
    // The style sheet applied (its hash is in the CSP): headings in the pôle's blue.
    expect(await page.evaluate("getComputedStyle(document.querySelector('h2')).color")).toBe('rgb(27, 79, 114)');
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'releve-2026-Q3.png'), fullPage: true });
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    await writeFile(join(ARTIFACTS, 'releve-2026-Q3.pdf'), pdf);
    await page.close();
    expect(problems).toEqual([]);

    const pages = await pdfPages(pdf);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    for (const p of pages) expect([Math.round(p.width), Math.round(p.height)]).toEqual([595, 842]); // A4 in points
    const all = pages.map((p) => p.text).join(' ');
    for (const text of [
      'Pôle Sud Aquitain',
      'Relevé des frais mutualisés — trimestre 2026-Q3',
      'Du 1 juillet 2026 au 30 septembre 2026',
      'Comptabilisé',
      member.name,
      `SIRET ${member.memberId}`,
      'Poste mutualisé 45',
      'Avances versées',
      'Subventions et reste à charge du pôle',
      'Crédits de subvention reportés (pôle)',
      'affecté à « Poste mutualisé 01 »',
    ]) {
      expect(all).toContain(text);
    }
    expect(all).toMatch(/Solde (à régler|en votre faveur|nul)/);
    pages.forEach((p, i) => {
      expect(p.text).toContain(`Page ${i + 1} / ${pages.length}`);
      expect(p.text).toContain('Relevé des frais mutualisés 2026-Q3'); // the footer of every page
    });
    expect(all).not.toContain('Pour l’enregistrer'); // the screen-only hint is not printed
  });
});
