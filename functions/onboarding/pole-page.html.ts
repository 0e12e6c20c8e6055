import { capitalized, SHARED_SERVICE_LABELS } from '../../domain/application-labels.ts';
import { EXPIRY_DAYS } from '../../domain/committee.ts';
import { CONFIRMATION_VALID_HOURS } from '../../domain/confirmation.ts';
import { escapeHtml, type HtmlPage } from '../../domain/html.ts';
import type { PolePresentation } from '../../store/poles.ts';
import { publicPage } from '../common/public-page.ts';

type PublicProfile = PolePresentation & { poleId: string; name: string; territory: string };

/** What a pôle without its own list offers: the shared services an applicant may request. */
const DEFAULT_OFFERS = ['Des bureaux et des postes de travail', ...Object.values(SHARED_SERVICE_LABELS).map(capitalized)];

const paragraphs = (text: string): string =>
  text
    .split(/\n\s*\n/)
    .map((p) => `<p>${escapeHtml(p.trim())}</p>`)
    .join('\n');

/** A pôle's landing page (GET /poles/{poleId}): who it is, what it offers, how to apply. */
export function polePage(pole: PublicProfile): HtmlPage {
  const offers = pole.offers ?? DEFAULT_OFFERS;
  return publicPage({
    title: `${pole.name} — ${pole.territory}`,
    pole,
    body: `<h1>${escapeHtml(pole.name)}</h1>
<p class="lead">Pôle territorial de coopération économique — ${escapeHtml(pole.territory)}</p>
${pole.description ? paragraphs(pole.description) : '<p>Des structures de l’économie sociale et solidaire et des entreprises partagent un bâtiment, des services et leurs coûts.</p>'}
<h2>Ce que le pôle propose</h2>
<ul class="list">
${offers.map((o) => `<li>${escapeHtml(o)}</li>`).join('\n')}
</ul>
<h2>Rejoindre le pôle</h2>
<ol class="steps">
<li>Remplissez le formulaire de candidature (environ 10 minutes).</li>
<li>Confirmez votre adresse e-mail avec le lien reçu, dans les ${CONFIRMATION_VALID_HOURS} heures.</li>
<li>Le comité de pilotage examine la candidature et se prononce dans les ${EXPIRY_DAYS} jours ; vous suivez son avancement en ligne.</li>
</ol>
<p><a class="button" href="/poles/${escapeHtml(pole.poleId)}/apply">Déposer une candidature</a></p>`,
  });
}
