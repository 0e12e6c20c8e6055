import * as z from 'zod';
import { campaignIdSchema } from '../../domain/ids.ts';
import { ADMIN_TOKEN_STORAGE_KEY, htmlPage, scriptValue } from '../shared/html.ts';
import { httpHandler } from '../shared/http.ts';

// Like /admin, the page holds no data: it takes the admin's token (the one /admin keeps in
// sessionStorage, or typed here) and reads …/results with it. Text goes in through textContent,
// bars are SVG attributes (no inline style, so the CSP can pin script and style by hash).
const SCRIPT = `
var TOKEN_KEY = ${scriptValue(ADMIN_TOKEN_STORAGE_KEY)};
var id = location.pathname.split('/')[3];
var main = document.querySelector('main');
function el(tag, text, attrs) {
  var e = /^(svg|rect|text)$/.test(tag) ? document.createElementNS('http://www.w3.org/2000/svg', tag) : document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = text;
  for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
  return e;
}
function value(f, unit) { return f.masked ? 'masqué (< 3 entreprises)' : String(f.value).replace('.', ',') + (unit || ''); }
function chart(title, rows, unit, max) {
  var section = el('section'); section.appendChild(el('h2', title));
  var top = max || Math.max.apply(null, rows.map(function (r) { return r[1].masked ? 0 : r[1].value; }).concat([1]));
  var svg = el('svg', null, { width: '640', height: String(rows.length * 26 + 4), role: 'img', 'aria-label': title });
  rows.forEach(function (r, i) {
    var y = i * 26 + 2;
    svg.appendChild(el('text', r[0], { x: '0', y: String(y + 16), class: 'label' }));
    if (!r[1].masked) svg.appendChild(el('rect', null, { x: '200', y: String(y + 2), height: '18', width: String(Math.max(1, 330 * r[1].value / top)), class: 'bar' }));
    svg.appendChild(el('text', value(r[1], unit), { x: r[1].masked ? '200' : String(206 + 330 * r[1].value / top), y: String(y + 16), class: r[1].masked ? 'masked' : 'value' }));
  });
  section.appendChild(svg);
  main.appendChild(section);
}
function render(data) {
  var r = data.results;
  main.replaceChildren(el('h1', data.title), el('p', r.answered + ' réponses sur ' + r.targets + ' entreprises interrogées — taux de réponse ' + value(r.responseRate, ' %') + '. Entreprises déclarant des difficultés de recrutement : ' + value(r.difficulties, ' %') + '.'));
  var names = { nafSection: 'section NAF', sizeBand: 'tranche d’effectif', commune: 'commune' };
  for (var seg in r.bySegment) chart('Taux de réponse par ' + names[seg], Object.keys(r.bySegment[seg]).map(function (k) { return [k + ' (' + r.bySegment[seg][k].targets + ')', r.bySegment[seg][k].responseRate]; }), ' %', 100);
  chart('Recrutements prévus par famille de métiers', Object.entries(r.hiring.byJobFamily));
  chart('Recrutements prévus par type de contrat', Object.entries(r.hiring.byContractType));
  chart('Besoins de formation (entreprises)', r.trainingNeeds.map(function (t) { return [t.label, t.companies]; }));
  main.appendChild(el('p', 'Statistique confidentielle : tout chiffre calculé sur moins de 3 entreprises est masqué.'));
}
async function load() {
  var token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) return askToken('');
  var res = await fetch('/admin/campaigns/' + encodeURIComponent(id) + '/results', { headers: { authorization: 'Bearer ' + token } });
  var body = await res.json();
  if (res.status === 401) { sessionStorage.removeItem(TOKEN_KEY); return askToken('Jeton refusé.'); }
  if (!res.ok) { main.replaceChildren(el('p', body.error.message, { role: 'alert' })); return; }
  render(body);
}
function askToken(message) {
  var form = el('form'); var input = el('input', null, { type: 'password', 'aria-label': 'Jeton administrateur' });
  form.append(el('label', 'Jeton administrateur : '), input, el('button', 'Afficher', { type: 'submit' }), el('p', message, { role: 'status' }));
  form.addEventListener('submit', function (e) { e.preventDefault(); sessionStorage.setItem(TOKEN_KEY, input.value.trim()); load(); });
  main.replaceChildren(el('h1', 'Résultats de l’enquête GTEC'), form);
}
load();
`;
const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem}.bar{fill:#2f6f8f}.label,.value{font-size:13px}.masked{font-size:13px;fill:#777;font-style:italic}';
const PAGE = htmlPage({ title: 'Résultats de l’enquête GTEC', style: STYLE, body: '<main><p>Chargement…</p></main>', script: SCRIPT });

/** GET /admin/campaigns/{campaignId}/report — the French results page with charts (public: it holds no data). */
export const handler = httpHandler({ auth: 'public', path: z.object({ campaignId: campaignIdSchema }) }, async () => PAGE);
