import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { statementPage } from '../../domain/statements.ts';
import { handler as adminPage } from '../../functions/admin/admin-page.ts';
import { htmlPage, scriptValue } from '../../functions/common/html.ts';
import type { HttpResult } from '../../functions/common/http.ts';
import { handler as reportPage } from '../../functions/gtec/campaign-report-page.ts';
import { handler as surveyPage } from '../../functions/gtec/survey-page.ts';
import { applicationFormPage } from '../../functions/onboarding/application-form-page.html.ts';
import { applicationStatusPage } from '../../functions/onboarding/application-status-page.html.ts';
import { confirmationPage } from '../../functions/onboarding/confirmation-page.html.ts';
import { homePage } from '../../functions/onboarding/home-page.html.ts';
import { polePage } from '../../functions/onboarding/pole-page.html.ts';
import { apiEvent, lambdaContext } from '../support/events.ts';

/** A pôle whose texts would break the markup if they were not escaped. */
const POLE_PROFILE = {
  poleId: 'pole-test',
  name: 'Pôle <Test> & "Cie"',
  territory: 'Seignanx <b>',
  description: 'Premier paragraphe <i>.\n\nSecond.',
  offers: ['Bureaux <script>'],
};

const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** Every HTML page the API serves: the three static pages, a statement and the public pages (built per request). */
async function pages(): Promise<[string, HttpResult][]> {
  const statement = statementPage(
    'Pôle Sud Aquitain <test>',
    '2026-Q4',
    'POSTED',
    false,
    {
      memberId: '73282932000074',
      name: 'Atelier "Solidaire" & Cie',
      activeDays: 92,
      periods: [{ from: '2026-10-01', to: '2027-01-01', days: 92, areaM2: 33.3, fte: 0.75 }],
      credits: {
        in: { unearmarkedCents: 0, earmarked: [] },
        out: { unearmarkedCents: 1_000, earmarked: [{ category: '<i>RH</i>', cents: 5 }] },
      },
      lines: [{ category: 'Charges du bâtiment', key: 'AREA', cents: 123_456 }],
      sharesCents: 123_456,
      adjustments: [{ label: '<b>régularisation</b>', amountCents: -1_000 }],
      advancesCents: 50_000,
      balanceCents: 72_456,
    },
    [{ category: 'Charges du bâtiment', key: 'AREA', grossCents: 200_000, earmarkedCents: 50_000, unearmarkedCents: 0, netCents: 150_000 }],
  );
  return [
    ['admin', await adminPage(apiEvent({ route: '/admin' }), lambdaContext())],
    ['survey', await surveyPage(apiEvent({ route: '/survey/{token}/page', pathParameters: { token: 'x' } }), lambdaContext())],
    [
      'report',
      await reportPage(
        apiEvent({ route: '/admin/campaigns/{campaignId}/report', pathParameters: { campaignId: 'gtec-2027' } }),
        lambdaContext(),
      ),
    ],
    ['statement', htmlPage(statement)],
    ['home', htmlPage(homePage([POLE_PROFILE]))],
    ['landing', htmlPage(polePage(POLE_PROFILE))],
    ['application form', htmlPage(applicationFormPage(POLE_PROFILE))],
    ['confirmation', htmlPage(confirmationPage(POLE_PROFILE))],
    [
      'status',
      htmlPage(
        applicationStatusPage(POLE_PROFILE, 'Atelier "Solidaire" & Cie', {
          stage: 'PENDING_CONFIRMATION',
          label: 'En attente de confirmation',
          explanation: '<script>',
          events: [{ label: 'Formulaire envoyé', at: '4 janvier 2027 à 10:15' }],
        }),
      ),
    ],
  ];
}

describe('every HTML page is served by one helper (functions/common/html.ts)', () => {
  it('with the same security headers, its inline style and script pinned by their SHA-256 or its files from the API itself, never unsafe-inline', async () => {
    const served = await pages();
    const headerSets = new Set<string>();
    for (const [name, page] of served) {
      expect(page.statusCode, name).toBe(200);
      const { 'content-security-policy': csp, ...others } = page.headers as Record<string, string>;
      headerSets.add(JSON.stringify(others));
      const html = page.body!;
      expect(html.startsWith('<!doctype html>\n<html lang="fr">'), name).toBe(true);
      const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
      const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
      // The back-office loads its built files from the API itself: no inline code, 'self' only.
      const files = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)">|<script type="module" src="([^"]+)"><\/script>/g)];
      expect(html.match(/<style|<script/g)?.length, name).toBe(styles.length + scripts.length + files.filter((m) => m[2]).length);
      if (files.length > 0) {
        expect(name).toBe('admin');
        // Its one inline script is the shared sign-in (allowed by its hash below); no inline style.
        expect(styles).toEqual([]);
        expect(scripts).toHaveLength(1);
        expect(scripts[0]).toContain('var PoleAuth');
        expect(files.map((m) => m[1] ?? m[2])).toEqual([
          expect.stringMatching(/^\/admin\/assets\/app-\w+\.css$/),
          expect.stringMatching(/^\/admin\/assets\/app-\w+\.js$/),
        ]);
        expect(csp).toContain(`script-src ${hash(scripts[0]!)} 'self'; connect-src 'self'; style-src 'self'`);
      } else {
        expect(styles, name).toHaveLength(1);
        expect(csp, name).toContain(`style-src ${hash(styles[0]!)}`);
      }
      for (const script of scripts) expect(csp, name).toContain(`script-src ${hash(script)}`);
      if (scripts.length === 0 && files.length === 0) expect(csp, name).not.toContain('script-src');
      for (const directive of ["default-src 'none'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'none'"])
        expect(csp).toContain(directive);
      expect(csp, name).not.toContain('unsafe');
      // A hash allows a <style> element, not style attributes: there must be none.
      expect(html, name).not.toMatch(/\sstyle=/);
    }
    expect(headerSets.size).toBe(1);
    expect(JSON.parse([...headerSets][0]!)).toEqual({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
      'cross-origin-opener-policy': 'same-origin',
    });
  });

  it('escapes what the public pages show of a pôle and of an application', async () => {
    for (const [name, page] of (await pages()).filter(([n]) =>
      ['home', 'landing', 'application form', 'confirmation', 'status'].includes(n),
    )) {
      const html = page.body!.replace(/<script>[\s\S]*?<\/script>/g, ''); // the page's own script aside
      expect(html, name).not.toMatch(/<Test>|<b>|<i>|<script>|"Cie"|"Solidaire"/);
      expect(html, name).toContain('Pôle &lt;Test&gt; &amp; &quot;Cie&quot;');
    }
  });

  it('writes values into a script so that none can close it', () => {
    expect(scriptValue({ label: '</script><script>alert(1)</script>' })).toBe(
      '{"label":"\\u003c/script>\\u003cscript>alert(1)\\u003c/script>"}',
    );
    expect(JSON.parse(scriptValue({ label: '</script>' }))).toEqual({ label: '</script>' });
  });

  it('escapes the text it is given: a statement shows names, labels and the title as text', async () => {
    const statement = (await pages()).find(([name]) => name === 'statement')![1].body!;
    expect(statement).toContain('<title>Relevé 2026-Q4 — Atelier &quot;Solidaire&quot; &amp; Cie</title>');
    expect(statement).toContain('Pôle Sud Aquitain &lt;test&gt;');
    expect(statement).toContain('&lt;b&gt;régularisation&lt;/b&gt;');
    expect(statement).not.toContain('<b>');
  });
});
