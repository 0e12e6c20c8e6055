/**
 * Building the page: elements created with their text (textContent, never HTML parsing, so
 * nothing the API returns can become markup), accessible tables, badges, forms whose errors are
 * shown next to the field they name.
 */

export type Child = Node | string | number | null | undefined | false | readonly Child[];

type Listener = (event: Event) => void;
export type Props = Record<string, string | number | boolean | Listener | Record<string, string> | null | undefined>;

/** An element with attributes, listeners (`onclick`…), `dataset` and children (text as text nodes). */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else if (name === 'class') element.className = String(value);
    else if (typeof value === 'object') continue;
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

/** Appends children, flattening lists and skipping empty ones. */
export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** A status as words in a coloured pill: `kind` picks the colour, the text always says it. */
export const badge = (text: string, kind: string, sign?: string): HTMLSpanElement =>
  h(
    'span',
    { class: `badge badge-${kind}`, dataset: { status: kind } },
    sign ? h('span', { 'aria-hidden': 'true' }, `${sign} `) : null,
    text,
  );

/** A data table with a caption and column headers (`th scope=col`); the first cell of a row may be its header. */
export function table(
  caption: string,
  headers: readonly string[],
  rows: readonly Child[][],
  options: { rowHeaders?: boolean; id?: string } = {},
) {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { id: options.id },
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, ...headers.map((text) => h('th', { scope: 'col' }, text)))),
      h(
        'tbody',
        {},
        ...rows.map((cells) =>
          h('tr', {}, ...cells.map((cell, i) => (i === 0 && options.rowHeaders ? h('th', { scope: 'row' }, cell) : h('td', {}, cell)))),
        ),
      ),
    ),
  );
}

/** A definition list of label → value pairs. */
export const facts = (pairs: readonly [string, Child][], className = 'facts'): HTMLDListElement =>
  h('dl', { class: className }, ...pairs.flatMap(([label, value]) => [h('dt', {}, label), h('dd', {}, value)]));

let fieldIds = 0;

/** A labelled control, with an optional hint tied to it by aria-describedby. */
export function field(label: string, control: HTMLElement, hint?: string): HTMLDivElement {
  const id = control.id || `champ-${++fieldIds}`;
  control.id = id;
  const hintElement = hint ? h('p', { class: 'hint', id: `${id}-aide` }, hint) : null;
  if (hintElement) control.setAttribute('aria-describedby', hintElement.id);
  return h('div', { class: 'field' }, h('label', { for: id }, label), hintElement, control);
}

/** A group of checkboxes under a legend, each `value` with its label. */
export function checkboxes(legend: string, name: string, choices: readonly { value: string; label: string }[], onchange?: Listener) {
  return h(
    'fieldset',
    { class: 'choices' },
    h('legend', {}, legend),
    ...choices.map((c) => h('label', { class: 'choice' }, h('input', { type: 'checkbox', name, value: c.value, onchange }), ` ${c.label}`)),
  );
}

/** The values of a form's checked checkboxes of one name. */
export const checked = (form: HTMLFormElement, name: string): string[] =>
  [...form.querySelectorAll<HTMLInputElement>(`input[name="${name}"]:checked`)].map((i) => i.value);

/** A field-level problem, as the API names it. */
export interface Issue {
  field?: string;
  message: string;
  line?: number;
}

/**
 * Shows a form's problems: each next to the control whose `name` the API named (aria-invalid and
 * aria-describedby), the others in the form's summary; focus goes to the first problem.
 */
export function showIssues(form: HTMLFormElement, message: string, issues: readonly Issue[]): void {
  clearIssues(form);
  const loose: Issue[] = [];
  let first: HTMLElement | null = null;
  for (const issue of issues) {
    const control = issue.field
      ? form.querySelector<HTMLElement>(`[name="${CSS.escape(issue.field.replace(/^(body|query|path)\./, ''))}"]`)
      : null;
    if (!control) {
      loose.push(issue);
      continue;
    }
    const error = h('p', { class: 'field-error', id: `${control.id}-erreur` }, issue.message);
    control.setAttribute('aria-invalid', 'true');
    control.setAttribute('aria-describedby', [control.getAttribute('aria-describedby'), error.id].filter(Boolean).join(' '));
    control.insertAdjacentElement('afterend', error);
    first ??= control;
  }
  const summary = h(
    'div',
    { class: 'form-errors', role: 'alert', tabindex: '-1' },
    h('p', {}, message),
    loose.length ? h('ul', {}, ...loose.map((i) => h('li', {}, i.message))) : null,
  );
  form.prepend(summary);
  (first ?? summary).focus();
}

/** Removes what showIssues added. */
export function clearIssues(form: HTMLFormElement): void {
  for (const e of form.querySelectorAll('.field-error, .form-errors')) e.remove();
  for (const control of form.querySelectorAll('[aria-invalid]')) {
    control.removeAttribute('aria-invalid');
    const rest = (control.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .filter((id) => id && !id.endsWith('-erreur'))
      .join(' ');
    if (rest) control.setAttribute('aria-describedby', rest);
    else control.removeAttribute('aria-describedby');
  }
}

/** A section of a page, with its heading (h2) and an id for links and tests. */
export const section = (id: string, title: string, ...children: Child[]): HTMLElement =>
  h('section', { id, 'aria-labelledby': `${id}-titre` }, h('h2', { id: `${id}-titre` }, title), ...children);

/** A message that says nothing is there, rather than an empty table. */
export const empty = (text: string): HTMLParagraphElement => h('p', { class: 'empty' }, text);
