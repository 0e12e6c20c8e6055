import { APPLICATION_STATUS_LABELS, ESS_STATUS_LABELS, LEGAL_FORM_LABELS, SHARED_SERVICE_LABELS } from '../../domain/application-labels.ts';
import { EXECUTION_STATUS_LABELS, EXECUTION_STATUSES, FAILURE_TITLES, STEP_OUTCOME_LABELS } from '../../domain/executions.ts';
import { escapeHtml, type HtmlPage } from '../../domain/html.ts';
import { APPLICATION_ID_PATTERN } from '../../domain/ids.ts';
import { ADMIN_TOKEN_STORAGE_KEY, scriptValue } from '../shared/html.ts';

/**
 * The admins' page (docs/back-office.md), in French: one HTML document with its style and script inline, so
 * the API serves it with no build step. It holds no data: it asks for the admin's token, keeps it
 * in sessionStorage, and calls the admin JSON API with `Authorization: Bearer`. Everything it
 * shows is written with `textContent`, never parsed as HTML. Served by functions/shared/html.ts,
 * whose Content-Security-Policy allows exactly this style and this script (by their SHA-256).
 */

const STYLE = `
:root { font-family: system-ui, sans-serif; color: #1d2530; background: #f5f6f8; }
body { margin: 0; }
header { display: flex; align-items: center; gap: 1rem; padding: .8rem 1.5rem; background: #12355b; color: #fff; }
header h1 { font-size: 1.2rem; margin: 0; flex: 1; }
main { padding: 1rem 1.5rem; max-width: 80rem; }
section { background: #fff; border-radius: 6px; padding: .8rem 1.2rem; margin-bottom: 1rem; box-shadow: 0 1px 2px rgb(0 0 0 / .08); }
h2 { font-size: 1.1rem; } h3 { font-size: 1rem; }
[hidden] { display: none !important; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #e3e6ea; vertical-align: top; }
#executions td, #timeline td:nth-child(-n+4) { white-space: nowrap; }
tbody tr.execution { cursor: pointer; } tbody tr.execution:hover, tr.selected { background: #eef3fa; }
form { display: flex; flex-wrap: wrap; gap: .8rem; align-items: end; margin-bottom: .8rem; }
label { display: flex; flex-direction: column; font-size: .85rem; gap: .2rem; }
input, select, button { font: inherit; padding: .3rem .5rem; }
button { border: 1px solid #12355b; background: #12355b; color: #fff; border-radius: 4px; cursor: pointer; }
button.secondary, button.link { background: #fff; color: #12355b; }
button.link { border: none; padding: 0; text-decoration: underline; }
button.danger { background: #a4262c; border-color: #a4262c; }
.badge { display: inline-block; padding: .1rem .5rem; border-radius: 999px; font-size: .8rem; font-weight: 600; }
.s-RUNNING { background: #dbe9fb; color: #0b4f9c; } .s-SUCCEEDED { background: #dcf2e1; color: #1b6b33; }
.s-FAILED { background: #fbdcdc; color: #a4262c; } .s-TIMED_OUT { background: #fde9cf; color: #8a4b00; }
.s-ABORTED { background: #e6e6e6; color: #444; } .s-CAUGHT { background: #fde9cf; color: #8a4b00; }
tr.failing { background: #fff1f1; } tr.run td { font-style: italic; color: #555; background: #f7f7f7; }
#failure { border-left: 4px solid #a4262c; padding: .2rem 1rem; background: #fff7f7; margin: .8rem 0; }
pre { background: #f3f4f6; padding: .6rem; overflow: auto; max-height: 20rem; font-size: .8rem; }
#message { min-height: 1.4rem; font-weight: 600; } #message.error { color: #a4262c; } #message.ok { color: #1b6b33; }
.task { border: 1px solid #e3e6ea; border-radius: 6px; padding: .6rem .9rem; margin-bottom: .6rem; list-style: none; }
.task dl { display: grid; grid-template-columns: max-content 1fr; gap: .1rem .8rem; font-size: .85rem; margin: .4rem 0; }
.task dt { color: #555; } .task dd { margin: 0; }
#tasks { padding: 0; } .actions { display: flex; gap: .5rem; margin-top: .4rem; }
#detail-summary { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
#detail-summary dt, #application-summary dt { color: #555; } #detail-summary dd, #application-summary dd { margin: 0; }
#application-summary { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
`;

// The labels come from domain/executions.ts, as the command line's do.
const SCRIPT = `
'use strict';
var TOKEN_KEY = ${scriptValue(ADMIN_TOKEN_STORAGE_KEY)};
var STATUS = ${scriptValue(EXECUTION_STATUS_LABELS)};
var OUTCOME = ${scriptValue(STEP_OUTCOME_LABELS)};
var FAILURE_TITLE = ${scriptValue(FAILURE_TITLES)};
var APPLICATION_STATUS = ${scriptValue(APPLICATION_STATUS_LABELS)};
var LEGAL_FORM = ${scriptValue(LEGAL_FORM_LABELS)};
var ESS_STATUS = ${scriptValue(ESS_STATUS_LABELS)};
var SERVICE = ${scriptValue(SHARED_SERVICE_LABELS)};
var APPLICATION_ID = new RegExp(${scriptValue(APPLICATION_ID_PATTERN.source)});
var $ = function (id) { return document.getElementById(id); };
var current = null;
var pollTimer = null;

function el(tag, text, className) {
  var node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}
function badge(status, labels) { var b = el('span', (labels || STATUS)[status] || status, 'badge s-' + status); b.dataset.status = status; return b; }
function when(iso) { return iso ? new Date(iso).toLocaleString('fr-FR', { timeZone: 'Europe/Paris' }) : '—'; }
function duration(ms) {
  if (ms === undefined || ms === null) return '—';
  if (ms < 1000) return ms + ' ms';
  var s = Math.round(ms / 1000);
  if (s < 60) return s + ' s';
  var m = Math.floor(s / 60);
  if (m < 60) return m + ' min ' + String(s % 60).padStart(2, '0') + ' s';
  var h = Math.floor(m / 60);
  if (h < 48) return h + ' h ' + String(m % 60).padStart(2, '0') + ' min';
  return Math.floor(h / 24) + ' j ' + (h % 24) + ' h';
}
function say(text, kind) { var m = $('message'); m.textContent = text || ''; m.className = kind || ''; }

async function api(method, path, body) {
  var headers = { authorization: 'Bearer ' + sessionStorage.getItem(TOKEN_KEY) };
  if (body !== undefined) headers['content-type'] = 'application/json';
  var response = await fetch(path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body) });
  var data = await response.json().catch(function () { return {}; });
  if (response.status === 401) { logout('Jeton refusé ou expiré : reconnectez-vous.'); throw new Error('401'); }
  if (!response.ok) {
    var error = data.error || {};
    var issues = (error.issues || []).map(function (i) { return i.field + ' : ' + i.message; }).join(' ; ');
    throw new Error((error.message || ('Erreur ' + response.status)) + (issues ? ' (' + issues + ')' : ''));
  }
  return data;
}
function failed(error) { if (error.message !== '401') say(error.message, 'error'); }

function logout(text) {
  sessionStorage.removeItem(TOKEN_KEY);
  clearTimeout(pollTimer);
  $('app').hidden = true; $('logout').hidden = true; $('login-section').hidden = false;
  say(text || '', text ? 'error' : '');
}
function start() {
  $('login-section').hidden = true; $('app').hidden = false; $('logout').hidden = false;
  loadTasks(); loadExecutions(); openApplication();
}

// The committee's mail links to /admin#/applications/<id>: the page opens that application (docs/back-office.md#applications).
function applicationInHash() {
  var prefix = '#/applications/';
  var id = location.hash.indexOf(prefix) === 0 ? location.hash.slice(prefix.length) : '';
  return APPLICATION_ID.test(id) ? id : null;
}
async function openApplication() {
  var id = applicationInHash();
  $('application').hidden = !id;
  if (!id) return;
  try {
    renderApplication(await api('GET', '/admin/applications/' + encodeURIComponent(id)));
    $('application').scrollIntoView();
  } catch (error) { $('application').hidden = true; failed(error); }
}
function euros(cents) { return (cents / 100).toLocaleString('fr-FR', { style: 'currency', currency: 'EUR' }); }
function renderApplication(a) {
  var f = a.form;
  $('application-title').textContent = f.structureName;
  var summary = $('application-summary');
  summary.replaceChildren();
  var status = el('dd'); status.append(badge(a.status, APPLICATION_STATUS)); status.id = 'application-status';
  [['Statut', status], ['SIRET', el('dd', f.siret)], ['Forme juridique', el('dd', LEGAL_FORM[f.legalForm] || f.legalForm)],
   ['Statut ESS', el('dd', ESS_STATUS[f.essStatus] || f.essStatus)], ['Activité', el('dd', f.activity)],
   ['Contact', el('dd', f.contact.name + ' — ' + f.contact.email + ' — ' + f.contact.phone)],
   ['Surface demandée', el('dd', f.requestedAreaM2 + ' m²')], ['Postes de travail', el('dd', f.desks)], ['Effectif', el('dd', f.fte + ' ETP')],
   ['Services mutualisés', el('dd', f.sharedServices.map(function (s) { return SERVICE[s] || s; }).join(', ') || 'aucun')],
   ['Début souhaité', el('dd', f.startDate)], ['Déposée le', el('dd', when(a.submittedAt))],
   ['Échéance du comité', el('dd', when(a.committee && a.committee.expiresAt))],
   ['Contribution estimée', el('dd', a.estimate ? euros(a.estimate.totalCents) + ' par trimestre' : '—')]]
    .forEach(function (pair) { summary.append(el('dt', pair[0]), pair[1]); });
  var history = $('application-history').tBodies[0];
  history.replaceChildren();
  a.history.forEach(function (h) {
    var row = el('tr'); var cell = el('td'); cell.append(badge(h.status, APPLICATION_STATUS));
    row.append(el('td', when(h.at)), cell, el('td', h.by), el('td', h.reason || ''));
    history.append(row);
  });
  var actions = $('application-actions');
  actions.replaceChildren();
  if (a.status !== 'AWAITING_DECISION') return;
  var path = '/admin/applications/' + encodeURIComponent(a.applicationId) + '/decision';
  var task = { title: 'Candidature de ' + f.structureName };
  [{ action: 'approve', label: 'Approuver', method: 'POST', path: path, body: { decision: 'APPROVE' } },
   { action: 'reject', label: 'Refuser', method: 'POST', path: path, body: { decision: 'REJECT' }, reasonField: 'reason' }]
    .forEach(function (action) {
      var button = el('button', action.label, action.action === 'reject' ? 'danger' : '');
      button.type = 'button';
      button.addEventListener('click', async function () { await decide(task, action); openApplication(); });
      actions.append(button);
    });
}

async function loadExecutions() {
  var params = new URLSearchParams();
  [['workflow', 'filter-workflow'], ['status', 'filter-status'], ['businessKey', 'filter-key']].forEach(function (p) {
    var value = $(p[1]).value.trim(); if (value) params.set(p[0], value);
  });
  try {
    var query = params.toString();
    var data = await api('GET', '/admin/executions' + (query ? '?' + query : ''));
    var body = $('executions').tBodies[0];
    body.replaceChildren();
    data.executions.forEach(function (e) {
      var row = el('tr', null, 'execution');
      row.dataset.status = e.status; row.dataset.workflow = e.workflow; row.dataset.name = e.name;
      if (current && current.workflow === e.workflow && current.name === e.name) row.classList.add('selected');
      var key = el('td'); key.append(el('button', e.businessKey, 'link'));
      var status = el('td'); status.append(badge(e.status));
      row.append(el('td', e.workflow), key, status, el('td', when(e.startDate)), el('td', when(e.stopDate)), el('td', duration(e.durationMs)));
      row.addEventListener('click', function () { openExecution(e.workflow, e.name); });
      body.append(row);
    });
    $('executions-empty').hidden = data.executions.length > 0;
    $('executions-count').textContent = '(' + (data.total > data.count ? data.count + ' sur ' + data.total : data.count) + ')';
  } catch (error) { failed(error); }
}

async function openExecution(workflow, name) {
  clearTimeout(pollTimer);
  current = { workflow: workflow, name: name };
  try {
    var data = await api('GET', '/admin/workflows/' + encodeURIComponent(workflow) + '/executions/' + encodeURIComponent(name));
    renderExecution(data);
    document.querySelectorAll('#executions tr.execution').forEach(function (row) {
      row.classList.toggle('selected', row.dataset.workflow === workflow && row.dataset.name === name);
    });
    if (data.execution.status === 'RUNNING') {
      pollTimer = setTimeout(function () { if (current && current.name === name) openExecution(workflow, name); }, 1000);
    }
  } catch (error) { failed(error); }
}

function renderExecution(data) {
  var e = data.execution;
  $('detail').hidden = false;
  $('detail').dataset.status = e.status;
  $('detail-key').textContent = e.businessKey;
  var summary = $('detail-summary');
  summary.replaceChildren();
  var status = el('dd'); status.append(badge(e.status)); status.id = 'detail-status';
  [['Workflow', el('dd', e.workflow)], ['Statut', status], ['Nom', el('dd', e.name)], ['Début', el('dd', when(e.startDate))],
   ['Fin', el('dd', when(e.stopDate))], ['Durée', el('dd', duration(e.durationMs))]].forEach(function (pair) { summary.append(el('dt', pair[0]), pair[1]); });
  if (e.redriveCount) summary.append(el('dt', 'Relances'), el('dd', e.redriveCount + ' (dernière : ' + when(e.redriveDate) + ')'));
  if (e.error) summary.append(el('dt', 'Erreur de l’exécution'), el('dd', e.error + (e.cause ? ' — ' + e.cause : '')));
  $('redrive').hidden = !data.actions.redrive;
  $('stop').hidden = !data.actions.stop;

  var failure = data.failure;
  $('failure').hidden = !failure;
  if (failure) {
    $('failure-title').textContent = (FAILURE_TITLE[e.status] || 'Étape') + ' : ';
    $('failure-step').textContent = failure.stateName;
    $('failure-error').textContent = failure.error || '—';
    $('failure-cause').textContent = failure.cause || '—';
    $('failure-input').textContent = JSON.stringify(failure.input, null, 2);
  }

  var body = $('timeline').tBodies[0];
  body.replaceChildren();
  var run = 0;
  var lastRun = Math.max(0, data.runs.length - 1);
  data.steps.forEach(function (step) {
    if (step.run !== run) {
      run = step.run;
      var start = data.runs.find(function (r) { return r.index === run; });
      var label = start && start.type === 'ExecutionResumed' ? 'Reprise après redémarrage, le ' : 'Relancée le ';
      var separator = el('tr', null, 'run'); var cell = el('td', label + when(start && start.at)); cell.colSpan = 5;
      separator.append(cell); body.append(separator);
    }
    var row = el('tr');
    row.dataset.state = step.stateName; row.dataset.outcome = step.outcome;
    if (failure && step.run === lastRun && step.stateName === failure.stateName && (step.endedAt || step.enteredAt) === failure.at) row.classList.add('failing');
    var outcome = el('td'); outcome.append(badge(step.outcome, OUTCOME));
    if (step.attempts > 1) outcome.append(el('span', ' ' + step.attempts + ' tentatives'));
    if (step.error) outcome.append(el('div', step.error + (step.cause ? ' — ' + step.cause : '')));
    row.append(el('td', step.stateName), el('td', step.stateType || ''), el('td', when(step.enteredAt)), el('td', duration(step.durationMs)), outcome);
    body.append(row);
  });
}

async function act(action, confirmText, doneText) {
  if (!current || !confirm(confirmText)) return;
  var target = current;
  try {
    await api('POST', '/admin/workflows/' + encodeURIComponent(target.workflow) + '/executions/' + encodeURIComponent(target.name) + '/' + action);
    say(doneText, 'ok');
    await openExecution(target.workflow, target.name);
    await loadExecutions();
  } catch (error) { failed(error); }
}

async function loadTasks() {
  try {
    var data = await api('GET', '/admin/tasks');
    var list = $('tasks');
    list.replaceChildren();
    data.tasks.forEach(function (task) {
      var item = el('li', null, 'task');
      item.dataset.id = task.id; item.dataset.kind = task.kind;
      var details = el('dl');
      task.details.concat([{ label: 'En attente depuis', value: when(task.waitingSince) }, { label: 'Échéance', value: when(task.dueAt) }])
        .forEach(function (d) { details.append(el('dt', d.label), el('dd', d.value)); });
      var actions = el('div', null, 'actions');
      task.actions.forEach(function (action) {
        var button = el('button', action.label, action.action === 'reject' ? 'danger' : '');
        button.addEventListener('click', function () { decide(task, action); });
        actions.append(button);
      });
      item.append(el('strong', task.title), details, actions);
      list.append(item);
    });
    $('tasks-count').textContent = '(' + data.count + ')';
    $('tasks-empty').hidden = data.count > 0;
  } catch (error) { failed(error); }
}

async function decide(task, action) {
  var body = Object.assign({}, action.body);
  if (action.reasonField) {
    var reason = prompt('Motif (il sera communiqué au demandeur) :', '');
    if (reason === null) return;
    if (!reason.trim()) { say('Un refus doit être motivé.', 'error'); return; }
    body[action.reasonField] = reason.trim();
  } else if (!confirm(action.label + ' : ' + task.title + ' ?')) return;
  try {
    await api(action.method, action.path, body);
    say(action.label + ' : ' + task.title + ' — fait.', 'ok');
    await loadTasks();
    await loadExecutions();
  } catch (error) { failed(error); }
}

$('login').addEventListener('submit', function (event) {
  event.preventDefault();
  var token = $('token').value.trim();
  if (!token) return;
  sessionStorage.setItem(TOKEN_KEY, token);
  $('token').value = '';
  say('');
  start();
});
$('logout').addEventListener('click', function () { logout(); });
$('filters').addEventListener('submit', function (event) { event.preventDefault(); loadExecutions(); });
$('filter-workflow').addEventListener('change', loadExecutions);
$('filter-status').addEventListener('change', loadExecutions);
$('redrive').addEventListener('click', function () { act('redrive', 'Relancer cette exécution avec son entrée d’origine ?', 'Exécution relancée.'); });
$('stop').addEventListener('click', function () { act('stop', 'Arrêter cette exécution ?', 'Exécution arrêtée.'); });
window.addEventListener('hashchange', function () { if (sessionStorage.getItem(TOKEN_KEY)) openApplication(); });
if (sessionStorage.getItem(TOKEN_KEY)) start();
else if (applicationInHash()) say('Connectez-vous pour ouvrir la candidature demandée.');
`;

const STATUS_OPTIONS = EXECUTION_STATUSES.map((status) => [status, EXECUTION_STATUS_LABELS[status]] as const);

const options = (pairs: readonly (readonly [string, string])[]): string =>
  pairs.map(([value, label]) => `<option value="${escapeHtml(value)}">${escapeHtml(label)}</option>`).join('');

/** The page's parts (served by functions/shared/html.ts), with a filter option per workflow of the catalog. */
export function adminPage(workflows: readonly string[]): HtmlPage {
  return {
    title: 'Supervision des workflows — Pôle territorial de coopération économique',
    style: STYLE,
    script: SCRIPT,
    body: `<header>
  <h1>Supervision des workflows</h1>
  <button id="logout" class="secondary" type="button" hidden>Se déconnecter</button>
</header>
<main>
  <p id="message" role="status" aria-live="polite"></p>
  <section id="login-section">
    <h2>Connexion</h2>
    <form id="login">
      <label for="token">Jeton administrateur
        <input id="token" name="token" type="password" autocomplete="off" required size="40">
      </label>
      <button type="submit">Se connecter</button>
    </form>
    <p>Le jeton reste dans cet onglet du navigateur et n’est envoyé qu’à l’API de ce site.</p>
  </section>
  <div id="app" hidden>
    <section id="application" hidden>
      <h2>Candidature de <span id="application-title"></span></h2>
      <dl id="application-summary"></dl>
      <div class="actions" id="application-actions"></div>
      <h3>Historique</h3>
      <table id="application-history">
        <thead><tr><th>Date</th><th>Statut</th><th>Par</th><th>Motif</th></tr></thead>
        <tbody></tbody>
      </table>
    </section>
    <section id="tasks-section">
      <h2>Tâches en attente <span id="tasks-count"></span></h2>
      <p id="tasks-empty" hidden>Aucune tâche en attente.</p>
      <ul id="tasks"></ul>
    </section>
    <section id="executions-section">
      <h2>Exécutions <span id="executions-count"></span></h2>
      <form id="filters">
        <label>Workflow <select id="filter-workflow" name="workflow"><option value="">Tous</option>${options(workflows.map((w) => [w, w] as const))}</select></label>
        <label>Statut <select id="filter-status" name="status"><option value="">Tous</option>${options(STATUS_OPTIONS)}</select></label>
        <label>Clé métier <input id="filter-key" name="businessKey" type="search" maxlength="100"></label>
        <button type="submit">Actualiser</button>
      </form>
      <table id="executions">
        <thead><tr><th>Workflow</th><th>Clé métier</th><th>Statut</th><th>Début</th><th>Fin</th><th>Durée</th></tr></thead>
        <tbody></tbody>
      </table>
      <p id="executions-empty" hidden>Aucune exécution ne correspond à ces filtres.</p>
    </section>
    <section id="detail" hidden>
      <h2>Exécution <span id="detail-key"></span></h2>
      <dl id="detail-summary"></dl>
      <div class="actions">
        <button id="redrive" type="button" hidden>Relancer</button>
        <button id="stop" type="button" class="danger" hidden>Arrêter</button>
      </div>
      <div id="failure" hidden>
        <h3><span id="failure-title"></span><span id="failure-step"></span></h3>
        <p><strong>Erreur :</strong> <code id="failure-error"></code></p>
        <p><strong>Cause :</strong> <span id="failure-cause"></span></p>
        <details open><summary>Entrée de l’étape</summary><pre id="failure-input"></pre></details>
      </div>
      <h3>Chronologie</h3>
      <table id="timeline">
        <thead><tr><th>Étape</th><th>Type</th><th>Début</th><th>Durée</th><th>Résultat</th></tr></thead>
        <tbody></tbody>
      </table>
    </section>
  </div>
</main>`,
  };
}
