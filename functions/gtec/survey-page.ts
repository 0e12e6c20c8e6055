import * as z from 'zod';
import { htmlPage } from '../shared/html.ts';
import { httpHandler } from '../shared/http.ts';

// The page reads its token from its own URL and talks to GET/POST /survey/{token}…: it holds no data.
const SCRIPT = `
const token = location.pathname.split('/')[2];
const main = document.querySelector('main');
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const field = (q, a) => {
  if (q.kind === 'single') return q.options.map((o) => '<label><input type="radio" name="' + q.id + '" value="' + o.value + '"' + (a === o.value ? ' checked' : '') + '> ' + esc(o.label) + '</label>').join('');
  if (q.kind === 'multiple') return q.options.map((o) => '<label><input type="checkbox" name="' + q.id + '" value="' + o.value + '"' + ((a || []).includes(o.value) ? ' checked' : '') + '> ' + esc(o.label) + '</label>').join('');
  if (q.kind === 'number' || q.kind === 'scale') return '<input type="number" name="' + q.id + '" min="' + q.min + '" max="' + q.max + '" value="' + (a ?? '') + '">';
  if (q.kind === 'text') return '<textarea name="' + q.id + '" maxlength="' + q.maxLength + '">' + esc(a ?? '') + '</textarea>';
  return '<textarea name="' + q.id + '" data-hiring placeholder="Une ligne par métier : famille ou code ROME;nombre;CDI|CDD|ALTERNANCE|INTERIM|SAISONNIER;0-3M|3-6M|6-12M">' + esc((a || []).map((l) => [l.jobFamily, l.count, l.contractType, l.horizon].join(';')).join('\\n')) + '</textarea><small>Familles : ' + q.jobFamilies.map((o) => esc(o.value)).join(', ') + '</small>';
};
const collect = (form, qs) => Object.fromEntries(qs.flatMap((q) => {
  const els = [...form.querySelectorAll('[name="' + q.id + '"]')];
  if (q.kind === 'single') { const c = els.find((e) => e.checked); return c ? [[q.id, c.value]] : []; }
  if (q.kind === 'multiple') return [[q.id, els.filter((e) => e.checked).map((e) => e.value)]];
  const v = els[0].value.trim();
  if (!v) return [];
  if (q.kind === 'number' || q.kind === 'scale') return [[q.id, Number(v)]];
  if (q.kind === 'text') return [[q.id, v]];
  return [[q.id, v.split('\\n').filter(Boolean).map((l) => { const [jobFamily, count, contractType, horizon] = l.split(';').map((s) => s.trim()); return { jobFamily, count: Number(count), contractType, horizon }; })]];
}));
fetch('/survey/' + token).then(async (r) => {
  const data = await r.json();
  if (!r.ok) { main.innerHTML = '<p role="alert">' + esc(data.error.message) + '</p>'; return; }
  const qs = data.questionnaire.questions;
  main.innerHTML = '<h1>' + esc(data.questionnaire.title) + '</h1><p>' + esc(data.questionnaire.intro || '') + '</p><form>' +
    qs.map((q) => '<fieldset><legend>' + esc(q.label) + (q.required ? ' *' : '') + '</legend>' + field(q, data.answers && data.answers[q.id]) + '<p class="err" id="err-' + q.id + '"></p></fieldset>').join('') +
    '<button type="submit">Envoyer mes réponses</button><p id="status" role="status"></p></form>';
  const form = main.querySelector('form');
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    document.querySelectorAll('.err').forEach((p) => { p.textContent = ''; });
    const res = await fetch('/survey/' + token + '/answers', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ answers: collect(form, qs) }) });
    const body = await res.json();
    if (res.ok) { document.getElementById('status').textContent = body.message; return; }
    for (const i of body.error.issues || []) { const p = document.getElementById('err-' + i.field.split('.')[1]); if (p) p.textContent = i.message; }
    document.getElementById('status').textContent = body.error.message;
  });
});
`;
const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem}fieldset{margin:1rem 0}label{display:block}textarea{width:100%;min-height:4rem}.err{color:#b00020}';
const PAGE = htmlPage({
  title: 'Enquête emploi et compétences',
  style: STYLE,
  body: '<main><p>Chargement du questionnaire…</p></main>',
  script: SCRIPT,
});

/** GET /survey/{token}/page — the French answer page a company opens from its mail. */
export const handler = httpHandler({ auth: 'public', path: z.object({ token: z.string().max(100) }) }, async () => PAGE);
