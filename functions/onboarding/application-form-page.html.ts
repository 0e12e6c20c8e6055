import { ESS_STATUSES, LEGAL_FORMS, SHARED_SERVICES } from '../../domain/application.ts';
import { capitalized, ESS_STATUS_LABELS, legalFormOption, SHARED_SERVICE_LABELS } from '../../domain/application-labels.ts';
import { CONFIRMATION_VALID_HOURS } from '../../domain/confirmation.ts';
import { escapeHtml, type HtmlPage } from '../../domain/html.ts';
import { LA_POSTE_SIREN } from '../../domain/siret.ts';
import { scriptValue } from '../common/html.ts';
import { publicPage } from '../common/public-page.ts';

/**
 * The application form page (GET /poles/{poleId}/apply, docs/onboarding.md#the-form-page), in French.
 * The markup is rendered here, every field with its label and hint and the choices from the
 * domain's lists; the page's script posts the same JSON as the API to POST /poles/{poleId}/applications
 * and shows each refusal next to its field and in an error summary at the top, leaving what was
 * typed in place. The script is a plain string (no build step; see the note on SCRIPT), allowed
 * by its hash like every inline script.
 */

/** The form's fields, by the path the API names them with in its errors (`contact.email`). */
export type FormField =
  | 'structureName'
  | 'siret'
  | 'legalForm'
  | 'essStatus'
  | 'contact.name'
  | 'contact.email'
  | 'contact.phone'
  | 'activity'
  | 'requestedAreaM2'
  | 'desks'
  | 'fte'
  | 'sharedServices'
  | 'startDate';

interface FieldText {
  label: string;
  hint?: string;
  /**
   * What a person reads for each rule the API may report (its `rule`, e.g. `required`, `format:email`);
   * a rule not listed shows the API's own French message.
   */
  messages: Record<string, string>;
}

const required = (message: string) => ({ required: message, min_length: message, one_of: message });

/** Plain French messages for the API's rules (GOV.UK style: say what to do). */
export const FIELDS: Record<FormField, FieldText> = {
  structureName: {
    label: 'Nom de la structure',
    messages: { ...required('Indiquez le nom de la structure.'), max_length: 'Le nom de la structure doit faire 200 caractères au plus.' },
  },
  siret: {
    label: 'Numéro SIRET',
    hint: '14 chiffres, par exemple 732 829 320 00074. Il figure sur l’avis de situation Sirene ou l’extrait Kbis.',
    messages: {
      ...required('Indiquez le numéro SIRET de la structure.'),
      siret_format: 'Le numéro SIRET doit comporter 14 chiffres.',
      siret_checksum: 'Ce numéro SIRET n’existe pas : vérifiez les chiffres saisis.',
    },
  },
  legalForm: { label: 'Forme juridique', messages: required('Choisissez la forme juridique de la structure.') },
  essStatus: {
    label: 'Statut au regard de l’économie sociale et solidaire',
    hint: 'Le pôle est ouvert aux entreprises classiques comme aux structures de l’économie sociale et solidaire.',
    messages: required('Choisissez le statut de la structure.'),
  },
  'contact.name': { label: 'Nom et prénom', messages: { ...required('Indiquez le nom de la personne à contacter.') } },
  'contact.email': {
    label: 'Adresse e-mail',
    hint: 'Nous y enverrons le lien pour confirmer la candidature, puis la décision du comité.',
    messages: {
      ...required('Indiquez une adresse e-mail.'),
      'format:email': 'Indiquez une adresse e-mail valide, par exemple nom@exemple.fr.',
      max_length: 'L’adresse e-mail doit faire 254 caractères au plus.',
    },
  },
  'contact.phone': {
    label: 'Téléphone',
    hint: 'Un numéro français, par exemple 05 59 64 00 00.',
    messages: {
      ...required('Indiquez un numéro de téléphone.'),
      'format:regex': 'Indiquez un numéro de téléphone français, par exemple 05 59 64 00 00 ou +33 5 59 64 00 00.',
    },
  },
  activity: {
    label: 'Activité de la structure',
    hint: 'En quelques lignes : ce que fait la structure, et pour qui.',
    messages: { ...required('Décrivez l’activité de la structure.'), max_length: 'La description doit faire 2 000 caractères au plus.' },
  },
  requestedAreaM2: {
    label: 'Surface de bureaux souhaitée, en m²',
    hint: 'Par exemple 80.',
    messages: {
      required: 'Indiquez la surface souhaitée, en m².',
      'type:number': 'Indiquez la surface en chiffres, par exemple 80.',
      max_decimals: 'Indiquez la surface avec deux décimales au plus, par exemple 33,5.',
      min: 'La surface souhaitée doit être d’au moins 1 m².',
      max: 'La surface souhaitée doit être de 5 000 m² au plus.',
    },
  },
  desks: {
    label: 'Nombre de postes de travail',
    hint: 'Mettez 0 si vous n’avez besoin d’aucun poste.',
    messages: {
      required: 'Indiquez le nombre de postes de travail.',
      'type:number': 'Indiquez le nombre de postes en chiffres, par exemple 4.',
      'type:int': 'Indiquez un nombre entier de postes.',
      min: 'Le nombre de postes ne peut pas être négatif.',
      max: 'Le nombre de postes doit être de 500 au plus.',
    },
  },
  fte: {
    label: 'Effectif, en équivalents temps plein (ETP)',
    hint: 'Par exemple 3,5.',
    messages: {
      required: 'Indiquez l’effectif en équivalents temps plein.',
      'type:number': 'Indiquez l’effectif en chiffres, par exemple 3,5.',
      max_decimals: 'Indiquez l’effectif avec deux décimales au plus, par exemple 0,75.',
      min: 'L’effectif ne peut pas être négatif.',
      max: 'L’effectif doit être de 1 000 ETP au plus.',
    },
  },
  sharedServices: {
    label: 'Services mutualisés souhaités',
    hint: 'Facultatif : cochez tous ceux qui vous intéressent.',
    messages: { unique: 'Cochez chaque service une seule fois.' },
  },
  startDate: {
    label: 'Date d’arrivée souhaitée',
    hint: 'Par exemple 04/01/2027.',
    messages: {
      ...required('Indiquez la date d’arrivée souhaitée.'),
      date: 'Indiquez une date valide, par exemple 04/01/2027.',
      not_in_past: 'La date d’arrivée souhaitée ne peut pas être passée.',
      max_years_ahead: 'La date d’arrivée souhaitée doit être dans les deux ans à venir.',
    },
  },
};

/** An element id from a field path: `contact.email` → `f-contact-email`. */
const idOf = (field: FormField): string => `f-${field.replace('.', '-')}`;

const hintOf = (field: FormField): string => {
  const { hint } = FIELDS[field];
  return hint ? `<p class="hint" id="${idOf(field)}-hint">${escapeHtml(hint)}</p>` : '';
};

const errorSlot = (field: FormField): string => `<p class="error-message" id="${idOf(field)}-error" hidden></p>`;

/** A text field: label, hint, error slot, input (attributes as given). */
function textField(field: FormField, attributes: string, multiline = false): string {
  const id = idOf(field);
  const described = FIELDS[field].hint ? ` aria-describedby="${id}-hint"` : '';
  const control = multiline
    ? `<textarea id="${id}" name="${field}" ${attributes}${described}></textarea>`
    : `<input id="${id}" name="${field}" ${attributes}${described}>`;
  return `<div class="field" id="${id}-field">
<label for="${id}">${escapeHtml(FIELDS[field].label)}</label>
${hintOf(field)}${errorSlot(field)}${control}${field === 'siret' ? `\n<p class="ok" id="${id}-ok" hidden>Numéro SIRET valable.</p>` : ''}
</div>`;
}

/** A group of radios or checkboxes in its fieldset, the first input carrying the group's id. */
function choiceField(field: FormField, type: 'radio' | 'checkbox', options: readonly (readonly [string, string])[]): string {
  const id = idOf(field);
  const choices = options
    .map(
      ([value, label], i) =>
        `<div class="choice"><input type="${type}" id="${id}-${i}" name="${field}" value="${escapeHtml(value)}"><label for="${id}-${i}">${escapeHtml(label)}</label></div>`,
    )
    .join('\n');
  return `<fieldset class="field" id="${id}-field"${FIELDS[field].hint ? ` aria-describedby="${id}-hint"` : ''}>
<legend>${escapeHtml(FIELDS[field].label)}</legend>
${hintOf(field)}${errorSlot(field)}${choices}
</fieldset>`;
}

function selectField(field: FormField, options: readonly (readonly [string, string])[]): string {
  const id = idOf(field);
  return `<div class="field" id="${id}-field">
<label for="${id}">${escapeHtml(FIELDS[field].label)}</label>
${hintOf(field)}${errorSlot(field)}<select id="${id}" name="${field}">
<option value="">Choisissez…</option>
${options.map(([value, label]) => `<option value="${escapeHtml(value)}">${escapeHtml(label)}</option>`).join('\n')}
</select>
</div>`;
}

/** The SIRET rule of domain/siret.ts, as the page checks it while the applicant types (a unit test compares both). */
export const SIRET_CHECK = String.raw`
var LA_POSTE_SIREN = ${scriptValue(LA_POSTE_SIREN)};
function siretProblem(siret) {
  if (!/^\d{14}$/.test(siret)) return 'format';
  var sum = 0, i, d;
  if (siret.indexOf(LA_POSTE_SIREN) === 0) {
    for (i = 0; i < 14; i++) sum += siret.charCodeAt(i) - 48;
    return sum % 5 === 0 ? null : 'checksum';
  }
  for (i = 0; i < 14; i++) {
    d = siret.charCodeAt(13 - i) - 48;
    if (i % 2 === 1) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
  }
  return sum % 10 === 0 ? null : 'checksum';
}
`;

/*
 * Plain ES2017 in a string, like the other pages' scripts: served inline and allowed by its hash,
 * with no build step. (A TypeScript function serialised with toString() does not survive the Lambda
 * bundle: esbuild's keepNames inserts calls to its own helper inside the function's body.)
 */
const SCRIPT = (poleId: string) => String.raw`
'use strict';
var POLE = ${scriptValue(poleId)};
var FIELDS = ${scriptValue(Object.fromEntries(Object.entries(FIELDS).map(([f, t]) => [f, t.messages])))};
${SIRET_CHECK}
var form = document.getElementById('application');
var summary = document.getElementById('error-summary');
var title = document.title;
function $(id) { return document.getElementById(id); }
function idOf(field) { return 'f-' + field.replace('.', '-'); }
function value(field) { var e = $(idOf(field)); return e ? e.value.trim() : ''; }
function checked(field) {
  return Array.prototype.filter.call(form.querySelectorAll('input[name="' + field + '"]'), function (e) { return e.checked; })
    .map(function (e) { return e.value; });
}
// A number as a French person types it (« 3,5 », « 1 200 »); what is not one goes as typed, for the API to name.
function number(field) {
  var raw = value(field);
  if (raw === '') return undefined;
  var n = raw.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(n) ? Number(n) : raw;
}
function date(field) {
  var raw = value(field);
  var fr = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(raw);
  return fr ? fr[3] + '-' + ('0' + fr[2]).slice(-2) + '-' + ('0' + fr[1]).slice(-2) : raw || undefined;
}
function collect() {
  var essStatus = checked('essStatus')[0];
  return {
    structureName: value('structureName'),
    siret: value('siret').replace(/[\s.]/g, ''),
    legalForm: value('legalForm'),
    essStatus: essStatus,
    contact: { name: value('contact.name'), email: value('contact.email'), phone: value('contact.phone') },
    activity: value('activity'),
    requestedAreaM2: number('requestedAreaM2'),
    desks: number('desks'),
    fte: number('fte'),
    sharedServices: checked('sharedServices'),
    startDate: date('startDate'),
  };
}

// ---- errors, next to each field and summed up at the top ----
function target(field) { return $(idOf(field)) || $(idOf(field) + '-0'); }
function describe(field, withError) {
  var id = idOf(field), group = $(id + '-field');
  var holder = group.tagName === 'FIELDSET' ? group : $(id);
  var ids = [$(id + '-hint') ? id + '-hint' : null, withError ? id + '-error' : null].filter(Boolean);
  if (ids.length) holder.setAttribute('aria-describedby', ids.join(' ')); else holder.removeAttribute('aria-describedby');
  if (group.tagName !== 'FIELDSET') { if (withError) holder.setAttribute('aria-invalid', 'true'); else holder.removeAttribute('aria-invalid'); }
}
function setError(field, message) {
  var id = idOf(field), slot = $(id + '-error');
  slot.replaceChildren();
  if (message) {
    var prefix = document.createElement('span');
    prefix.className = 'visually-hidden';
    prefix.textContent = 'Erreur : ';
    slot.append(prefix, message);
  }
  slot.hidden = !message;
  $(id + '-field').classList.toggle('has-error', !!message);
  describe(field, !!message);
}
function clearErrors() {
  Object.keys(FIELDS).forEach(function (f) { setError(f, ''); });
  summary.hidden = true;
  document.title = title;
}
function fieldOf(path) {
  if (FIELDS[path]) return path;
  var top = String(path).split('.')[0];
  return FIELDS[top] ? top : null;
}
function messageOf(field, issue) { return (field && FIELDS[field][issue.rule]) || issue.message; }
function showErrors(issues) {
  var list = summary.querySelector('ul');
  list.replaceChildren();
  var shown = {};
  issues.forEach(function (issue) {
    var field = fieldOf(issue.field);
    if (field && shown[field]) return;
    var text = messageOf(field, issue);
    var item = document.createElement('li');
    if (field && target(field)) {
      shown[field] = true;
      setError(field, text);
      var link = document.createElement('a');
      link.href = '#' + target(field).id;
      link.textContent = text;
      link.addEventListener('click', function (event) { event.preventDefault(); target(field).focus(); target(field).scrollIntoView({ block: 'center' }); });
      item.append(link);
    } else item.textContent = text;
    list.append(item);
  });
  summary.hidden = false;
  document.title = 'Erreur : ' + title;
  summary.focus();
}

// ---- the SIRET, checked as it is typed ----
var siretInput = $('f-siret');
function checkSiret(final) {
  var digits = siretInput.value.replace(/[\s.]/g, '');
  var problem = digits === '' ? null : /\D/.test(digits) || digits.length > 14 ? 'format' : digits.length < 14 ? (final ? 'format' : null) : siretProblem(digits);
  setError('siret', problem ? FIELDS.siret['siret_' + problem] : '');
  $('f-siret-ok').hidden = !(digits.length === 14 && !problem);
}
siretInput.addEventListener('input', function () { checkSiret(false); });
siretInput.addEventListener('blur', function () { checkSiret(true); });

form.addEventListener('submit', async function (event) {
  event.preventDefault();
  var button = form.querySelector('button[type=submit]');
  button.disabled = true;
  clearErrors();
  try {
    var response = await fetch('/poles/' + encodeURIComponent(POLE) + '/applications', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(collect()),
    });
    var data = await response.json().catch(function () { return {}; });
    if (response.ok) return done(data);
    var error = data.error || {};
    showErrors(error.issues && error.issues.length ? error.issues : [{ field: error.field, rule: error.code, message: error.message || 'Le formulaire n’a pas pu être envoyé : réessayez dans un instant.' }]);
  } catch (e) {
    showErrors([{ message: 'Le formulaire n’a pas pu être envoyé : vérifiez votre connexion, puis réessayez.' }]);
  } finally {
    button.disabled = false;
  }
});

function done(data) {
  var panel = $('sent');
  $('sent-message').textContent = data.message;
  form.hidden = true;
  $('intro').hidden = true;
  panel.hidden = false;
  document.title = 'Vérifiez votre messagerie — ' + title;
  panel.querySelector('h1').focus();
}
`;

/** The form page's parts for a pôle. */
export function applicationFormPage(pole: { poleId: string; name: string }): HtmlPage {
  const legalForms = LEGAL_FORMS.map((f) => [f, legalFormOption(f)] as const);
  const essStatuses = ESS_STATUSES.map((s) => [s, capitalized(ESS_STATUS_LABELS[s])] as const);
  const services = SHARED_SERVICES.map((s) => [s, capitalized(SHARED_SERVICE_LABELS[s])] as const);
  return publicPage({
    title: `Candidature — ${pole.name}`,
    pole,
    script: SCRIPT(pole.poleId),
    body: `<div id="intro">
<h1>Candidater au ${escapeHtml(pole.name)}</h1>
<p>Tous les champs sont obligatoires, sauf les services mutualisés. Après l’envoi, vous recevrez un e-mail pour confirmer votre adresse : la candidature n’est enregistrée qu’une fois confirmée, dans les ${CONFIRMATION_VALID_HOURS} heures.</p>
</div>
<noscript><p class="notice">Ce formulaire a besoin de JavaScript pour être envoyé. Activez-le, ou écrivez au pôle.</p></noscript>
<form id="application" novalidate>
<div class="error-summary" id="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title" hidden>
<h2 id="error-summary-title">Il y a un problème</h2>
<ul></ul>
</div>
<fieldset>
<legend>La structure</legend>
${textField('structureName', 'type="text" autocomplete="organization" maxlength="200"')}
${textField('siret', 'type="text" inputmode="numeric" autocomplete="off" spellcheck="false" maxlength="20" class="w-medium"')}
${selectField('legalForm', legalForms)}
${choiceField('essStatus', 'radio', essStatuses)}
${textField('activity', 'rows="4" maxlength="2000"', true)}
</fieldset>
<fieldset>
<legend>La personne à contacter</legend>
${textField('contact.name', 'type="text" autocomplete="name" maxlength="120"')}
${textField('contact.email', 'type="email" autocomplete="email" spellcheck="false" maxlength="254"')}
${textField('contact.phone', 'type="tel" autocomplete="tel" maxlength="20" class="w-medium"')}
</fieldset>
<fieldset>
<legend>Votre besoin</legend>
${textField('requestedAreaM2', 'type="text" inputmode="decimal" autocomplete="off" class="w-short"')}
${textField('desks', 'type="text" inputmode="numeric" autocomplete="off" class="w-short"')}
${textField('fte', 'type="text" inputmode="decimal" autocomplete="off" class="w-short"')}
${choiceField('sharedServices', 'checkbox', services)}
${textField('startDate', 'type="date" class="w-medium"')}
</fieldset>
<button type="submit">Envoyer la candidature</button>
</form>
<div class="panel" id="sent" hidden>
<h1 tabindex="-1">Vérifiez votre messagerie</h1>
<p id="sent-message"></p>
<p>Pensez à regarder dans les courriers indésirables. Vous pouvez fermer cette page.</p>
</div>`,
  });
}
