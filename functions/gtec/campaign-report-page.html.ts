import type { HtmlPage } from '../../domain/html.ts';
import type { SignInSettings } from '../../domain/sign-in.ts';
import { ADMIN_TOKEN_STORAGE_KEY, scriptValue } from '../common/html.ts';
import { withSignIn } from '../common/sign-in-script.ts';

/**
 * The French report page of a campaign's published results. Like /admin it holds no data: it
 * takes the admin's token (the one /admin keeps in sessionStorage, or typed here), reads
 * …/results (JSON) with it and draws only what that output says: labels come with the figures,
 * masked cells say « masqué », never a number. Each chart is a table (a row header, then a bar
 * and its value in their own cell), so labels never run into bars, and screen readers read a
 * table. Bars are SVG attributes (no inline style: the CSP pins style and script by hash). The
 * export links download the CSV and the JSON with the same token.
 */

const STYLE = `
*, *::before, *::after { box-sizing: border-box; }
body { margin: 0; font-family: system-ui, sans-serif; line-height: 1.45; color: #0b0c0c; background: #fff; }
header { background: #12355b; color: #fff; padding: .75rem 1rem; }
header p { margin: 0 auto; max-width: 52rem; font-weight: 600; }
main { display: block; max-width: 52rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; line-height: 1.25; }
h2 { font-size: 1.25rem; margin-top: 2rem; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .25rem; }
a { color: #1d70b8; }
.exports { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; padding: .5rem 1rem; background: #f3f6fa; border-left: 5px solid #12355b; }
table.chart { width: 100%; border-collapse: collapse; margin: .5rem 0 1rem; table-layout: fixed; }
table.chart caption { text-align: left; font-weight: 600; padding: .25rem 0; }
table.chart th, table.chart td { padding: .35rem .5rem .35rem 0; border-bottom: 1px solid #e3e6ea; vertical-align: middle; text-align: left; }
table.chart thead th { font-size: .85rem; color: #505a5f; font-weight: 600; }
table.chart th[scope=row] { font-weight: 400; width: 45%; overflow-wrap: break-word; hyphens: auto; }
.sub { display: block; font-size: .85rem; color: #505a5f; }
.bar-line { display: flex; align-items: center; gap: .5rem; }
.bar-track { flex: 1 1 auto; min-width: 2.5rem; }
svg.bar { display: block; width: 100%; height: 1rem; }
svg.bar rect { fill: #2f6f8f; }
.value { flex: none; min-width: 4.5rem; text-align: right; font-variant-numeric: tabular-nums; }
.masked { color: #505a5f; font-style: italic; }
.note { color: #505a5f; font-size: .9rem; }
form { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; }
label { display: block; font-weight: 600; }
input { font: inherit; padding: .4rem .5rem; border: 2px solid #0b0c0c; min-width: 0; max-width: 100%; }
button { font: inherit; font-weight: 600; padding: .45rem 1rem; border: 2px solid #12355b; background: #12355b; color: #fff; cursor: pointer; }
:focus-visible { outline: 3px solid #ffbf47; outline-offset: 0; box-shadow: 0 0 0 6px #0b0c0c; }
@media (max-width: 30rem) { table.chart { font-size: .9rem; } table.chart th[scope=row] { width: 55%; } .value { min-width: 3.5rem; } }
`;

const SCRIPT = `
'use strict';
var TOKEN_KEY = ${scriptValue(ADMIN_TOKEN_STORAGE_KEY)}; // kept fresh by PoleAuth (functions/common/sign-in-script.ts)
var id = decodeURIComponent(location.pathname.split('/')[3]);
var base = '/admin/campaigns/' + encodeURIComponent(id) + '/results';
var main = document.getElementById('main');
var SVG = 'http://www.w3.org/2000/svg';

function h(tag, attrs, children) {
  var e = tag === 'svg' || tag === 'rect' ? document.createElementNS(SVG, tag) : document.createElement(tag);
  for (var k in attrs || {}) {
    var v = attrs[k];
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') e.textContent = v; else e.setAttribute(k, v === true ? '' : String(v));
  }
  (children || []).forEach(function (c) { if (c !== null && c !== undefined && c !== false) e.append(c); });
  return e;
}
function fr(n) { return String(n).replace('.', ','); }
function shown(cell) { return cell && !cell.masked; }
function text(cell, unit) { return shown(cell) ? fr(cell.value) + (unit || '') : 'masqué'; }
function when(iso) { return new Date(iso).toLocaleString('fr-FR', { timeZone: 'Europe/Paris', day: 'numeric', month: 'long', year: 'numeric' }); }

// A chart: one table row per figure, the label in its own header cell, the bar and its value apart.
function chart(caption, head, rows, unit, top) {
  var max = top || Math.max.apply(null, rows.map(function (r) { return shown(r.cell) ? r.cell.value : 0; }).concat([1]));
  return h('table', { class: 'chart' }, [
    h('caption', { text: caption }),
    h('thead', {}, [h('tr', {}, [h('th', { scope: 'col', text: head[0] }), h('th', { scope: 'col', text: head[1] })])]),
    h('tbody', {}, rows.map(function (r) {
      var bar = shown(r.cell) && r.cell.value > 0
        ? h('svg', { class: 'bar', viewBox: '0 0 100 10', preserveAspectRatio: 'none', 'aria-hidden': 'true', focusable: 'false' },
            [h('rect', { x: '0', y: '0', height: '10', width: String(Math.max(0.5, (100 * r.cell.value) / max)) })])
        : null;
      return h('tr', {}, [
        h('th', { scope: 'row' }, [r.label, r.sub ? h('span', { class: 'sub', text: r.sub }) : null]),
        h('td', {}, [h('div', { class: 'bar-line' }, [h('span', { class: 'bar-track' }, [bar]), h('span', { class: shown(r.cell) ? 'value' : 'value masked', text: text(r.cell, unit) })])]),
      ]);
    })),
  ]);
}

function download(e) {
  e.preventDefault();
  var link = e.currentTarget;
  fetch(link.getAttribute('href'), { headers: { authorization: 'Bearer ' + sessionStorage.getItem(TOKEN_KEY) } }).then(async function (res) {
    if (!res.ok) { say('Le téléchargement a échoué (' + res.status + ').'); return; }
    var url = URL.createObjectURL(await res.blob());
    var a = h('a', { href: url, download: link.getAttribute('download') });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  });
}
function say(message) { var s = document.getElementById('status'); if (s) s.textContent = message; }

function render(data) {
  var r = data.results;
  document.title = 'Résultats — ' + data.title;
  var csv = h('a', { href: base + '?format=csv', download: 'gtec-' + id + '.csv', text: 'Télécharger le CSV (tableur)' });
  var json = h('a', { href: base + '?format=json', download: 'gtec-' + id + '.json', text: 'Télécharger le JSON' });
  csv.addEventListener('click', download);
  json.addEventListener('click', download);
  var intro = shown(r.respondents)
    ? r.respondents.value + ' réponses sur ' + r.targets + ' entreprises interrogées : taux de réponse ' + text(r.responseRate, ' %') + '.'
    : r.targets + ' entreprises interrogées. Trop peu de réponses pour publier des chiffres tirés des réponses (moins de 3 entreprises).';
  var parts = [
    h('h1', { text: data.title }),
    h('p', { text: 'Enquête close le ' + when(data.closesAt) + '. ' + intro }),
    h('p', { class: 'exports' }, [csv, json, h('span', { id: 'status', role: 'status' })]),
    h('h2', { text: 'Taux de réponse' }),
  ];
  r.bySegment.forEach(function (table) {
    if (table.rows.length === 0) return;
    parts.push(chart('Par ' + table.label.charAt(0).toLowerCase() + table.label.slice(1), [table.label, 'Taux de réponse'], table.rows.map(function (row) {
      var sub = row.targets + ' entreprises interrogées' + (row.includes ? ' ; regroupe : ' + row.includes.map(function (i) { return i.label; }).join(', ') : '');
      return { label: row.label, sub: sub, cell: row.responseRate };
    }), ' %', 100));
  });
  parts.push(h('h2', { text: 'Recrutements prévus dans les 12 mois' }),
    h('p', { text: 'Personnes à recruter, toutes entreprises confondues : ' + text(r.hiring.total) + '.' }),
    chart('Par famille de métiers', ['Famille de métiers', 'Personnes à recruter'], r.hiring.byJobFamily.map(function (x) { return { label: x.label, cell: x.people }; })),
    chart('Par type de contrat', ['Type de contrat', 'Personnes à recruter'], r.hiring.byContractType.map(function (x) { return { label: x.label, cell: x.people }; })),
    h('h2', { text: 'Difficultés de recrutement' }),
    h('p', { text: r.difficulties.label + ' : ' + text(r.difficulties.share, ' % des répondants') + '.' }),
    h('h2', { text: 'Besoins de formation' }));
  if (r.trainingNeeds.ranked.length > 0)
    parts.push(chart('Thèmes, du plus cité au moins cité', ['Thème', 'Entreprises'], r.trainingNeeds.ranked.map(function (t) { return { label: t.label, cell: { value: t.companies } }; })));
  if (r.trainingNeeds.unranked.length > 0)
    parts.push(h('p', { text: 'Sans classement (chiffres masqués) : ' + r.trainingNeeds.unranked.map(function (t) { return t.label; }).join(', ') + '.' }));
  parts.push(h('p', { class: 'note', text: 'Secret statistique : aucun chiffre n’est calculé sur moins de 3 entreprises. D’autres chiffres sont masqués avec eux (« masqué ») pour qu’on ne puisse pas les retrouver par différence, et les segments de moins de 3 entreprises interrogées sont regroupés.' }));
  main.replaceChildren.apply(main, parts);
}

async function load() {
  var token = await PoleAuth.fresh();
  if (!token) return askToken('');
  main.replaceChildren(h('p', { text: 'Chargement des résultats…' }));
  var res = await fetch(base, { headers: { authorization: 'Bearer ' + token } });
  var body = await res.json().catch(function () { return {}; });
  if (res.status === 401) { PoleAuth.forget(); return askToken('Jeton refusé : vérifiez-le et recommencez.'); }
  if (!res.ok) { main.replaceChildren(h('h1', { text: 'Résultats de l’enquête GTEC' }), h('p', { role: 'alert', text: (body.error && body.error.message) || 'Les résultats n’ont pas pu être chargés.' })); return; }
  render(body);
}
function askToken(message) {
  if (PoleAuth.cognito) {
    var signIn = h('button', { type: 'button', text: 'Se connecter' });
    signIn.addEventListener('click', function () { PoleAuth.signIn(location.pathname); });
    return main.replaceChildren(h('h1', { text: 'Résultats de l’enquête GTEC' }), signIn, h('p', { role: 'status', text: message }));
  }
  var input = h('input', { type: 'password', id: 'token', autocomplete: 'current-password' });
  var form = h('form', {}, [h('div', {}, [h('label', { for: 'token', text: 'Jeton administrateur' }), input]), h('button', { type: 'submit', text: 'Afficher les résultats' })]);
  form.addEventListener('submit', function (e) { e.preventDefault(); PoleAuth.keep(input.value.trim()); load(); });
  main.replaceChildren(h('h1', { text: 'Résultats de l’enquête GTEC' }), form, h('p', { role: 'status', text: message }));
}
load();
`;

/** The page's parts: a French document with one inline style and one inline script, after its sign-in's. */
export const reportPage = (signIn: SignInSettings): HtmlPage =>
  withSignIn(
    {
      title: 'Résultats de l’enquête GTEC',
      style: STYLE,
      body: '<header><p>Résultats de l’enquête emploi et compétences (GTEC)</p></header><main id="main"><p>Chargement…</p></main>',
      script: SCRIPT,
    },
    signIn,
  );
