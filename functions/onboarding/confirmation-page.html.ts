import { escapeHtml, type HtmlPage } from '../../domain/html.ts';
import { publicPage } from '../common/public-page.ts';

/*
 * The page the confirmation mail's link opens. Opening it confirms nothing: mail scanners and link
 * previews fetch links by themselves, and an address must not be confirmed, nor a SIRET claimed,
 * by a machine. The applicant's click on the button POSTs to the same address (the token stays
 * in the path, where it came from); the answer is shown on the page.
 */
const SCRIPT = `
'use strict';
var button = document.getElementById('confirm');
var result = document.getElementById('result');
function show(text, ok) {
  result.replaceChildren();
  var p = document.createElement('p');
  p.className = ok ? 'ok' : 'error-message';
  p.textContent = text;
  result.append(p);
  if (ok) { button.hidden = true; document.getElementById('follow').hidden = false; }
  result.focus();
}
button.addEventListener('click', async function () {
  button.disabled = true;
  try {
    var response = await fetch(location.pathname, { method: 'POST' });
    var data = await response.json().catch(function () { return {}; });
    show(response.ok ? data.message : (data.error && data.error.message) || 'La confirmation n’a pas abouti : réessayez dans un instant.', response.ok);
  } catch (e) {
    show('La confirmation n’a pas pu être envoyée : vérifiez votre connexion, puis réessayez.', false);
  } finally {
    button.disabled = false;
  }
});
`;

/** The confirmation page's parts: what the button does, the button, where the answer appears. */
export function confirmationPage(pole: { poleId: string; name: string }): HtmlPage {
  return publicPage({
    title: `Confirmer ma candidature — ${pole.name}`,
    pole,
    script: SCRIPT,
    body: `<h1>Confirmer ma candidature</h1>
<p>En confirmant, vous attestez que cette adresse e-mail est la vôtre et que vous souhaitez que la candidature soit examinée par le comité de pilotage du ${escapeHtml(pole.name)}.</p>
<button type="button" id="confirm">Confirmer ma candidature</button>
<div id="result" role="status" tabindex="-1"></div>
<p id="follow" hidden>Suivez son avancement avec le lien « Suivre votre candidature » de l’e-mail reçu.</p>
<noscript><p class="notice">La confirmation a besoin de JavaScript : activez-le pour confirmer.</p></noscript>`,
  });
}
