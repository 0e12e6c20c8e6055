import type { ApplicantStage, ApplicantStatusView } from '../../domain/applicant-status.ts';
import { escapeHtml, type HtmlPage } from '../../domain/html.ts';
import { publicPage } from '../common/public-page.ts';

/** How the stage's badge looks: good news, bad news, or on its way. */
const TONES: Partial<Record<ApplicantStage, string>> = {
  ACCEPTED: ' positive',
  REJECTED: ' negative',
  EXPIRED: ' negative',
  UNCONFIRMED: ' negative',
};

/** The applicant's status page: the stage, what it means, and what happened when. */
export function applicationStatusPage(
  pole: { poleId: string; name: string },
  structureName: string | undefined,
  view: ApplicantStatusView,
): HtmlPage {
  return publicPage({
    title: `Suivi de candidature — ${pole.name}`,
    pole,
    body: `<h1>Suivi de votre candidature</h1>
${structureName ? `<p class="lead">${escapeHtml(structureName)}</p>\n` : ''}<p>Statut : <strong class="status${TONES[view.stage] ?? ''}" id="status">${escapeHtml(view.label)}</strong></p>
<p id="explanation">${escapeHtml(view.explanation)}</p>
<h2>Étapes</h2>
<dl class="events" id="events">
${view.events.map((e) => `<dt>${escapeHtml(e.label)}</dt><dd>${escapeHtml(e.at)}</dd>`).join('\n')}
</dl>
<p class="notice">Ce lien est personnel : ne le transmettez pas.</p>`,
  });
}
