import type { HtmlPage } from '../../domain/html.ts';

/**
 * The answer page a company opens from its mail, in French: one HTML document whose script reads
 * the token from the URL, loads GET /survey/{token} and posts the same JSON as the API to
 * POST /survey/{token}/answers. It holds no data. Everything it shows is built as DOM nodes with
 * textContent (never parsed HTML), and the Content-Security-Policy allows exactly this style and
 * this script (by their SHA-256). Accessibility follows the GOV.UK Design System's patterns:
 * fieldsets and legends, hints and errors tied to their fields by aria-describedby, an error
 * summary at the top linking to each field, nothing typed lost when a submission is refused.
 */

const STYLE = `
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font-family: system-ui, sans-serif; line-height: 1.5; color: #0b0c0c; background: #fff; }
header { background: #12355b; color: #fff; padding: .75rem 1rem; }
header p { margin: 0 auto; max-width: 46rem; font-weight: 600; }
main { display: block; max-width: 46rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: .5rem 0 1rem; }
h2 { font-size: 1.25rem; line-height: 1.3; }
.meta { border-left: 5px solid #12355b; background: #f3f6fa; padding: .5rem 1rem; margin: 1rem 0; }
.meta p { margin: .25rem 0; }
.notice { border-left: 5px solid #1d70b8; background: #eef5fb; padding: .5rem 1rem; margin: 1rem 0; }
.question { margin: 2rem 0; }
fieldset { border: 0; padding: 0; margin: 0; min-width: 0; }
legend, .question-label { display: block; font-weight: 700; font-size: 1.1rem; padding: 0; margin-bottom: .25rem; }
.hint { color: #505a5f; margin: .25rem 0 .5rem; }
.choice { display: flex; align-items: flex-start; gap: .6rem; margin: .4rem 0; }
.choice input { flex: none; width: 1.5rem; height: 1.5rem; margin: 0; accent-color: #12355b; }
.choice label { padding-top: .05rem; }
.scale { display: flex; flex-wrap: wrap; gap: 0 1.5rem; }
input[type=text], select, textarea { font: inherit; width: 100%; max-width: 100%; padding: .4rem .5rem; border: 2px solid #0b0c0c; border-radius: 0; background: #fff; color: inherit; }
input.short { max-width: 9rem; }
textarea { min-height: 6rem; resize: vertical; }
.hiring-row { border: 1px solid #b1b4b6; padding: .75rem 1rem; margin: .75rem 0; }
.hiring-row legend { font-size: 1rem; }
.row-fields { display: grid; grid-template-columns: minmax(0, 1fr); gap: .75rem; }
.row-fields > div { min-width: 0; }
.row-fields label { display: block; font-weight: 600; }
@media (min-width: 40rem) { .row-fields { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); } }
button { font: inherit; font-weight: 600; padding: .55rem 1.1rem; border: 2px solid #12355b; border-radius: 0; background: #12355b; color: #fff; cursor: pointer; }
button.secondary { background: #fff; color: #12355b; }
button.remove { background: none; border: 0; padding: .25rem 0; margin-top: .5rem; color: #a4262c; text-decoration: underline; }
button[disabled] { opacity: .6; cursor: default; }
:focus-visible { outline: 3px solid #ffbf47; outline-offset: 0; box-shadow: 0 0 0 6px #0b0c0c; }
a { color: #1d70b8; }
.error-summary { border: 5px solid #a4262c; padding: 1rem; margin: 1rem 0 1.5rem; }
.error-summary h2 { margin: 0 0 .5rem; }
.error-summary ul { margin: 0; padding-left: 1.2rem; }
.error-summary a { color: #a4262c; font-weight: 700; }
.error-message { color: #a4262c; font-weight: 700; margin: .25rem 0; }
.has-error { border-left: 5px solid #a4262c; padding-left: .75rem; }
.has-error > input[type=text], .has-error > select, .has-error > textarea { border-color: #a4262c; }
.confirmation { border: 5px solid #1b6b33; padding: 1rem; margin: 1rem 0; }
.confirmation h2 { margin-top: 0; color: #1b6b33; }
.actions { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; margin-top: 2rem; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; margin: 0; padding: 0; overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); border: 0; white-space: nowrap; }
[hidden] { display: none !important; }
`;

// Plain ES2017 for any recent browser; no template literals inside (this file is one).
const SCRIPT = String.raw`
'use strict';
var token = location.pathname.split('/')[2];
var main = document.getElementById('main');
var survey = null;       // GET /survey/{token}
var rows = [];           // hiring rows: { values: {jobFamily,count,contractType,horizon}, errors: {} }
var sentRows = [];       // index in the posted hiring array -> row index
var hiringQuestion = null;

function h(tag, attrs, children) {
  var e = document.createElement(tag);
  for (var k in attrs || {}) {
    var v = attrs[k];
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  (children || []).forEach(function (c) { if (c !== null && c !== undefined && c !== false) e.append(c); });
  return e;
}
function $(id) { return document.getElementById(id); }
function when(iso, withTime) {
  var o = { timeZone: 'Europe/Paris', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' };
  if (withTime) { o.hour = '2-digit'; o.minute = '2-digit'; }
  return new Date(iso).toLocaleString('fr-FR', o);
}
function fail(message) {
  main.replaceChildren(h('h1', { text: 'Enquête emploi et compétences' }), h('p', { role: 'alert', class: 'error-message', text: message }));
}

// ---- questions ----------------------------------------------------------------------------
function describedBy(id, extra) { return [extra, id + '-error'].filter(Boolean).join(' '); }
function hintOf(q, text) { return text ? h('p', { class: 'hint', id: 'q-' + q.id + '-hint', text: text }) : null; }
function errorSlot(id) { return h('p', { class: 'error-message', id: id + '-error', hidden: true }); }
function legendOf(q) { return h('legend', {}, [q.label, q.required ? ' (obligatoire)' : null]); }

function choices(q, type, values, labels, current, horizontal) {
  var list = h('div', { class: horizontal ? 'scale' : 'choices' });
  values.forEach(function (value, i) {
    var id = 'q-' + q.id + '-' + i;
    var checked = type === 'radio' ? current === value : (current || []).indexOf(value) >= 0;
    list.append(h('div', { class: 'choice' }, [
      h('input', { type: type, id: id, name: q.id, value: String(value), checked: checked }),
      h('label', { for: id, text: labels[i] }),
    ]));
  });
  return list;
}

function questionBlock(q, current) {
  var id = 'q-' + q.id;
  if (q.kind === 'single' || q.kind === 'multiple' || q.kind === 'scale') {
    var hint = q.help || null;
    var values, labels;
    if (q.kind === 'scale') {
      values = []; labels = [];
      for (var v = q.min; v <= q.max; v++) {
        values.push(v);
        labels.push(String(v) + (v === q.min && q.minLabel ? ' – ' + q.minLabel : v === q.max && q.maxLabel ? ' – ' + q.maxLabel : ''));
      }
      hint = [q.help, q.minLabel && q.maxLabel ? 'De ' + q.min + ' (' + q.minLabel + ') à ' + q.max + ' (' + q.maxLabel + ').' : null].filter(Boolean).join(' ') || null;
    } else {
      values = q.options.map(function (o) { return o.value; });
      labels = q.options.map(function (o) { return o.label; });
      if (q.kind === 'multiple') hint = [q.help, q.max ? 'Cochez au plus ' + q.max + ' réponses.' : 'Cochez toutes les réponses qui conviennent.'].filter(Boolean).join(' ');
    }
    var fieldset = h('fieldset', { 'aria-describedby': hint ? id + '-hint' : null }, [
      legendOf(q), hintOf(q, hint), errorSlot(id),
      choices(q, q.kind === 'multiple' ? 'checkbox' : 'radio', values, labels, current, q.kind === 'scale'),
    ]);
    return h('div', { class: 'question', id: id + '-group', 'data-question': q.id }, [fieldset]);
  }
  if (q.kind === 'number' || q.kind === 'text') {
    var input = q.kind === 'text'
      ? h('textarea', { id: id, name: q.id, maxlength: q.maxLength, rows: 4 })
      : h('input', { type: 'text', id: id, name: q.id, inputmode: q.integer ? 'numeric' : 'decimal', class: 'short', autocomplete: 'off' });
    input.value = current === undefined || current === null ? '' : String(current);
    var help = q.kind === 'number' ? [q.help, 'Un nombre, en chiffres.'].filter(Boolean).join(' ') : q.help;
    if (help) input.setAttribute('aria-describedby', id + '-hint');
    return h('div', { class: 'question', id: id + '-group', 'data-question': q.id }, [
      h('label', { class: 'question-label', for: id }, [q.label, q.required ? ' (obligatoire)' : null]),
      hintOf(q, help), errorSlot(id), input,
    ]);
  }
  // Hiring needs: one row per job, from lists.
  hiringQuestion = q;
  rows = (current || []).map(function (line) { return { values: line, errors: {} }; });
  if (rows.length === 0) rows.push({ values: {}, errors: {} });
  return h('div', { class: 'question', id: id + '-group', 'data-question': q.id }, [
    h('fieldset', { 'aria-describedby': id + '-hint' }, [
      legendOf(q),
      hintOf(q, 'Une ligne par métier. Laissez la ligne vide si vous ne prévoyez pas de recruter.'),
      errorSlot(id),
      h('div', { id: 'hiring-rows' }),
      h('button', { type: 'button', class: 'secondary', id: 'hiring-add', text: 'Ajouter un métier' }),
      h('p', { class: 'visually-hidden', id: 'hiring-live', 'aria-live': 'polite' }),
    ]),
  ]);
}

function select(id, options, value, placeholder) {
  var s = h('select', { id: id }, [h('option', { value: '', text: placeholder })]);
  options.forEach(function (o) { s.append(h('option', { value: o.value, text: o.label })); });
  // A ROME code given through the API: kept and shown as such.
  if (value && !options.some(function (o) { return o.value === value; })) s.append(h('option', { value: value, text: 'Code ROME ' + value }));
  s.value = value || '';
  return s;
}

var ROW_FIELDS = [
  ['jobFamily', 'Métier'],
  ['count', 'Nombre de personnes'],
  ['contractType', 'Type de contrat'],
  ['horizon', 'Échéance'],
];
function rowField(i, name, label, control) {
  var id = 'hiring-' + i + '-' + name;
  var error = rows[i].errors[name];
  control.id = id;
  control.setAttribute('data-field', name);
  if (error) { control.setAttribute('aria-describedby', id + '-error'); control.setAttribute('aria-invalid', 'true'); }
  return h('div', { class: error ? 'has-error' : null }, [
    h('label', { for: id, text: label }),
    h('p', { class: 'error-message', id: id + '-error', hidden: !error, text: error ? 'Erreur : ' + error : '' }),
    control,
  ]);
}
function renderRows() {
  var box = $('hiring-rows');
  box.replaceChildren();
  rows.forEach(function (row, i) {
    var v = row.values;
    var count = h('input', { type: 'text', inputmode: 'numeric', class: 'short', autocomplete: 'off' });
    count.value = v.count === undefined || v.count === null ? '' : String(v.count);
    var controls = {
      jobFamily: select('', hiringQuestion.jobFamilies, v.jobFamily, 'Choisissez un métier'),
      count: count,
      contractType: select('', survey.choices.contractTypes, v.contractType, 'Choisissez un contrat'),
      horizon: select('', survey.choices.horizons, v.horizon, 'Choisissez une échéance'),
    };
    var n = i + 1;
    box.append(h('fieldset', { class: 'hiring-row', 'data-row': i }, [
      h('legend', { text: 'Recrutement ' + n }),
      h('div', { class: 'row-fields' }, ROW_FIELDS.map(function (f) { return rowField(i, f[0], f[1], controls[f[0]]); })),
      h('button', { type: 'button', class: 'remove', 'data-remove': i }, ['Retirer', h('span', { class: 'visually-hidden', text: ' le recrutement ' + n })]),
    ]));
  });
  $('hiring-add').disabled = rows.length >= hiringQuestion.maxLines;
}
function readRows() {
  rows.forEach(function (row, i) {
    ROW_FIELDS.forEach(function (f) { var e = $('hiring-' + i + '-' + f[0]); if (e) row.values[f[0]] = e.value; });
  });
}
function onHiringClick(e) {
  var remove = e.target.closest('[data-remove]');
  if (e.target.id === 'hiring-add') {
    readRows();
    rows.push({ values: {}, errors: {} });
    renderRows();
    $('hiring-' + (rows.length - 1) + '-jobFamily').focus();
    $('hiring-live').textContent = 'Recrutement ' + rows.length + ' ajouté.';
  } else if (remove) {
    readRows();
    var i = Number(remove.getAttribute('data-remove'));
    rows.splice(i, 1);
    if (rows.length === 0) rows.push({ values: {}, errors: {} });
    renderRows();
    (rows[i] ? $('hiring-' + i + '-jobFamily') : $('hiring-add')).focus();
    $('hiring-live').textContent = 'Recrutement ' + (i + 1) + ' retiré.';
  }
}

// ---- answers: the same JSON as the API -----------------------------------------------------
function numberOf(text) {
  var t = text.replace(/\s/g, '').replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : text.trim();
}
function collect() {
  var answers = {};
  sentRows = [];
  survey.questionnaire.questions.forEach(function (q) {
    if (q.kind === 'single' || q.kind === 'scale') {
      var checked = document.querySelector('input[name="' + q.id + '"]:checked');
      if (checked) answers[q.id] = q.kind === 'scale' ? Number(checked.value) : checked.value;
    } else if (q.kind === 'multiple') {
      var all = document.querySelectorAll('input[name="' + q.id + '"]:checked');
      answers[q.id] = Array.prototype.map.call(all, function (c) { return c.value; });
    } else if (q.kind === 'number' || q.kind === 'text') {
      var value = $('q-' + q.id).value;
      if (value.trim() !== '') answers[q.id] = q.kind === 'number' ? numberOf(value) : value;
    } else {
      readRows();
      var lines = [];
      rows.forEach(function (row, i) {
        var v = row.values;
        var line = {};
        if (v.jobFamily) line.jobFamily = v.jobFamily;
        if (v.count && v.count.trim() !== '') line.count = numberOf(v.count);
        if (v.contractType) line.contractType = v.contractType;
        if (v.horizon) line.horizon = v.horizon;
        if (Object.keys(line).length === 0) return; // an empty row says nothing
        sentRows.push(i);
        lines.push(line);
      });
      answers[q.id] = lines;
    }
  });
  return { answers: answers };
}

// ---- errors ---------------------------------------------------------------------------------
function clearErrors() {
  document.querySelectorAll('.question.has-error').forEach(function (g) { g.classList.remove('has-error'); });
  document.querySelectorAll('.question > fieldset > .error-message, .question > .error-message').forEach(function (p) { p.hidden = true; p.textContent = ''; });
  document.querySelectorAll('[data-question] [aria-invalid]').forEach(function (e) { e.removeAttribute('aria-invalid'); });
  survey.questionnaire.questions.forEach(function (q) {
    var field = $('q-' + q.id);
    if (field) field.setAttribute('aria-describedby', describedBy('q-' + q.id, (q.help || q.kind === 'number') ? 'q-' + q.id + '-hint' : null));
    var fieldset = document.querySelector('#q-' + q.id + '-group > fieldset');
    if (fieldset) { var hint = $('q-' + q.id + '-hint'); if (hint) fieldset.setAttribute('aria-describedby', hint.id); else fieldset.removeAttribute('aria-describedby'); }
  });
  if (hiringQuestion) { readRows(); rows.forEach(function (row) { row.errors = {}; }); renderRows(); }
  $('error-summary').hidden = true;
}
function showIssues(issues) {
  var items = [];
  var seen = {};
  issues.forEach(function (issue) {
    var parts = issue.field.split('.');
    var q = survey.questionnaire.questions.filter(function (x) { return x.id === parts[1]; })[0];
    if (!q) { items.push({ text: issue.message, target: null }); return; }
    if (q.kind === 'hiring' && parts.length === 4) {
      var i = sentRows[Number(parts[2])];
      var name = parts[3];
      var label = ROW_FIELDS.filter(function (f) { return f[0] === name; })[0];
      if (i === undefined || !label || rows[i].errors[name]) return;
      rows[i].errors[name] = issue.message;
      items.push({ text: 'Recrutement ' + (i + 1) + ', ' + label[1].toLowerCase() + ' : ' + issue.message, target: 'hiring-' + i + '-' + name });
      return;
    }
    if (seen[q.id]) return;
    seen[q.id] = true;
    var group = $('q-' + q.id + '-group');
    group.classList.add('has-error');
    var slot = $('q-' + q.id + '-error');
    slot.hidden = false;
    slot.replaceChildren(h('span', { class: 'visually-hidden', text: 'Erreur : ' }), issue.message);
    var field = $('q-' + q.id);
    var fieldset = group.querySelector('fieldset');
    if (field) { field.setAttribute('aria-invalid', 'true'); field.setAttribute('aria-describedby', describedBy('q-' + q.id, field.getAttribute('aria-describedby'))); }
    else if (fieldset) fieldset.setAttribute('aria-describedby', describedBy('q-' + q.id, fieldset.getAttribute('aria-describedby')));
    var first = field || group.querySelector('input, select, textarea, button');
    items.push({ text: q.label + ' : ' + issue.message, target: first ? first.id : null });
  });
  if (hiringQuestion) renderRows();
  summary(items);
}
function summary(items) {
  var list = h('ul', {});
  items.forEach(function (item) {
    if (!item.target) { list.append(h('li', { text: item.text })); return; }
    var a = h('a', { href: '#' + item.target, text: item.text });
    a.addEventListener('click', function (e) {
      e.preventDefault();
      var target = $(item.target);
      var group = target.closest('.question');
      if (group) group.scrollIntoView();
      target.focus({ preventScroll: !!group });
    });
    list.append(h('li', {}, [a]));
  });
  var box = $('error-summary');
  box.replaceChildren(h('h2', { id: 'error-summary-title', text: 'Il y a un problème' }),
    h('p', { text: items.length > 1 ? 'Vos réponses ne sont pas encore enregistrées. Corrigez ces points, puis envoyez à nouveau :' : 'Vos réponses ne sont pas encore enregistrées. Corrigez ce point, puis envoyez à nouveau :' }), list);
  box.hidden = false;
  box.focus();
}
function problem(message) { summary([{ text: message, target: null }]); }

// ---- page -----------------------------------------------------------------------------------
function confirmation(body) {
  var box = $('confirmation');
  var deadline = when(survey.closesAt, true);
  box.replaceChildren(
    h('h2', { text: body.replaced ? 'Vos réponses ont été mises à jour' : 'Merci, vos réponses sont enregistrées' }),
    h('p', { text: (survey.company.name ? 'Réponses de ' + survey.company.name + ', enregistrées le ' : 'Réponses enregistrées le ') + when(body.submittedAt || new Date().toISOString(), true) + '.' }),
    h('p', { text: 'Vous pouvez encore les modifier jusqu’au ' + deadline + ' avec le même lien.' }),
    h('button', { type: 'button', class: 'secondary', id: 'edit', text: 'Modifier mes réponses' }));
  $('survey-form').hidden = true;
  $('error-summary').hidden = true;
  $('already').hidden = true;
  box.hidden = false;
  box.focus();
  $('edit').addEventListener('click', function () {
    box.hidden = true;
    $('survey-form').hidden = false;
    $('survey-form').querySelector('input, select, textarea').focus();
  });
}
async function submit(e) {
  e.preventDefault();
  var button = $('send');
  clearErrors();
  var payload = collect();
  button.disabled = true;
  $('sending').textContent = 'Envoi en cours…';
  var res, body;
  try {
    res = await fetch('/survey/' + encodeURIComponent(token) + '/answers', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
    body = await res.json().catch(function () { return {}; });
  } catch (err) {
    problem('Vos réponses n’ont pas pu être envoyées : vérifiez votre connexion à Internet, puis réessayez. Ce que vous avez saisi est conservé.');
    return;
  } finally {
    button.disabled = false;
    $('sending').textContent = '';
  }
  if (res.ok) { survey.answers = payload.answers; confirmation(body); return; }
  if (res.status === 400 && body.error && body.error.issues) { showIssues(body.error.issues); return; }
  problem((body.error && body.error.message) || 'Vos réponses n’ont pas pu être enregistrées. Réessayez dans un instant.');
}
function render() {
  var qn = survey.questionnaire;
  document.title = qn.title;
  $('pole').textContent = survey.pole.name;
  var meta = h('div', { class: 'meta' }, [
    survey.company.name ? h('p', {}, [h('strong', { text: 'Entreprise : ' }), survey.company.name]) : null,
    h('p', {}, [h('strong', { text: 'À remplir avant le ' }), when(survey.closesAt, true)]),
  ]);
  var already = h('div', { class: 'notice', id: 'already', hidden: !survey.submittedAt }, [
    h('p', { text: survey.submittedAt ? 'Vous avez déjà répondu le ' + when(survey.submittedAt, true) + '. Vos réponses sont reprises ci-dessous : modifiez-les si besoin, puis envoyez-les à nouveau.' : '' }),
  ]);
  var form = h('form', { id: 'survey-form', novalidate: true }, qn.questions.map(function (q) {
    return questionBlock(q, survey.answers ? survey.answers[q.id] : undefined);
  }).concat([h('div', { class: 'actions' }, [
    h('button', { type: 'submit', id: 'send', text: survey.submittedAt ? 'Envoyer mes réponses modifiées' : 'Envoyer mes réponses' }),
    h('span', { id: 'sending', role: 'status' }),
  ])]));
  main.replaceChildren(
    h('h1', { text: qn.title }), meta, qn.intro ? h('p', { text: qn.intro }) : null,
    h('div', { class: 'error-summary', id: 'error-summary', tabindex: '-1', role: 'alert', 'aria-labelledby': 'error-summary-title', hidden: true }),
    h('div', { class: 'confirmation', id: 'confirmation', tabindex: '-1', hidden: true }),
    already, form);
  if (hiringQuestion) { renderRows(); form.addEventListener('click', onHiringClick); }
  clearErrors();
  form.addEventListener('submit', submit);
}

fetch('/survey/' + encodeURIComponent(token)).then(async function (res) {
  var body = await res.json().catch(function () { return {}; });
  if (!res.ok) { fail((body.error && body.error.message) || 'Le questionnaire n’a pas pu être chargé. Réessayez dans un instant.'); return; }
  survey = body;
  render();
}, function () { fail('Le questionnaire n’a pas pu être chargé : vérifiez votre connexion à Internet, puis rechargez la page.'); });
`;

/** The page's parts: a French document with one inline style and one inline script. */
export const SURVEY_PAGE: HtmlPage = {
  title: 'Enquête emploi et compétences',
  style: STYLE,
  body: '<header><p id="pole">Enquête emploi et compétences</p></header><main id="main"><p>Chargement du questionnaire…</p></main>',
  script: SCRIPT,
};
