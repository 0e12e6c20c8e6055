import { escapeHtml, type HtmlPage } from '../../domain/html.ts';
import { publicPage } from '../common/public-page.ts';

/** The home page when the deployment serves several pôles (or none yet): a list leading to each landing page. */
export function homePage(poles: readonly { poleId: string; name: string; territory: string }[]): HtmlPage {
  const list = poles.length
    ? `<ul class="list">\n${poles.map((p) => `<li><a href="/poles/${escapeHtml(p.poleId)}">${escapeHtml(p.name)}</a> — ${escapeHtml(p.territory)}</li>`).join('\n')}\n</ul>`
    : '<p>Aucun pôle n’accueille encore de candidatures ici.</p>';
  return publicPage({
    title: 'Pôles territoriaux de coopération économique',
    body: `<h1>Pôles territoriaux de coopération économique</h1>
<p class="lead">Choisissez le pôle que votre structure souhaite rejoindre.</p>
${list}`,
  });
}
