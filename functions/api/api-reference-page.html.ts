import { escapeHtml, type HtmlPage } from '../../domain/html.ts';
import type { ApiDocument } from '../common/openapi.ts';

/**
 * The API reference (docs/back-office.md#api), in French, rendered on the server from the OpenAPI
 * document: each route with who may call it, its parameters, its body's fields, its answers. A
 * static page: no script, nothing loaded from elsewhere; the full schemas are in /openapi.json.
 */

type Schema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  description?: string;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  multipleOf?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
  title?: string;
};
type Parameter = { name: string; in: string; required?: boolean; description?: string; schema?: Schema };
type Media = Record<string, { schema?: Schema }>;
type Operation = {
  summary?: string;
  description?: string;
  tags?: string[];
  security?: unknown[];
  parameters?: Parameter[];
  requestBody?: { content: Media };
  responses: Record<string, { $ref?: string; description?: string; content?: Media }>;
};

const STYLE = `
:root { font-family: system-ui, sans-serif; color: #1d2530; background: #f5f6f8; line-height: 1.45; }
body { margin: 0; }
header { padding: .8rem 1.5rem; background: #12355b; color: #fff; }
header h1 { font-size: 1.3rem; margin: 0; }
header a { color: #fff; }
main { padding: 1rem 1.5rem; max-width: 72rem; }
nav ul { columns: 2; padding-left: 1.2rem; }
section.route { background: #fff; border-radius: 6px; padding: .6rem 1.2rem; margin: 0 0 1rem; box-shadow: 0 1px 2px rgb(0 0 0 / .08); }
h2 { font-size: 1.15rem; margin-top: 2rem; } h3 { font-size: 1rem; } h4 { font-size: .9rem; margin: .8rem 0 .3rem; }
code { background: #eef1f5; padding: 0 .25rem; border-radius: 3px; font-size: .88em; }
.method { display: inline-block; min-width: 3.5rem; text-align: center; font-weight: 700; border-radius: 4px; padding: 0 .4rem; color: #fff; background: #1b6b33; }
.method.post { background: #0b4f9c; } .method.put { background: #8a4b00; } .method.delete { background: #a4262c; }
.auth { font-size: .85rem; color: #555; }
table { border-collapse: collapse; width: 100%; font-size: .88rem; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #e3e6ea; vertical-align: top; }
`;

const TYPE_NAMES: Record<string, string> = {
  string: 'texte',
  integer: 'entier',
  number: 'nombre',
  boolean: 'booléen',
  object: 'objet',
  array: 'liste',
  null: 'null',
};

const IN_NAMES: Record<string, string> = { path: 'chemin', query: 'requête', header: 'en-tête' };

/** Inline code spans of the descriptions (`x`), the rest escaped. */
const prose = (text: string): string => escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');

const refName = (ref: string): string => ref.slice(ref.lastIndexOf('/') + 1);

/** A schema's type, in words: `texte`, `liste de entier`, `« A » ou « B »`. */
function typeOf(schema: Schema | undefined): string {
  if (!schema) return '—';
  if (schema.$ref) return refName(schema.$ref);
  if (schema.const !== undefined) return `« ${String(schema.const)} »`;
  if (schema.enum) return schema.enum.map((v) => `« ${String(v)} »`).join(', ');
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return alternatives.map((s) => s.title ?? typeOf(s)).join(' ou ');
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.includes('array')) return `liste de ${typeOf(schema.items)}`;
  return types.map((t) => TYPE_NAMES[t] ?? t).join(' ou ') || 'valeur JSON';
}

/** A schema's constraints, in words. */
function rulesOf(schema: Schema | undefined): string {
  if (!schema) return '';
  const rules = [
    schema.format && `format ${schema.format}`,
    schema.minLength !== undefined && `au moins ${schema.minLength} caractère(s)`,
    schema.maxLength !== undefined && `au plus ${schema.maxLength} caractères`,
    schema.minimum !== undefined && `≥ ${schema.minimum}`,
    schema.maximum !== undefined && `≤ ${schema.maximum}`,
    schema.multipleOf !== undefined && `multiple de ${schema.multipleOf}`,
    schema.minItems !== undefined && `au moins ${schema.minItems} élément(s)`,
    schema.maxItems !== undefined && `au plus ${schema.maxItems} éléments`,
    schema.pattern && `motif <code>${escapeHtml(schema.pattern)}</code>`,
    schema.default !== undefined && `par défaut <code>${escapeHtml(JSON.stringify(schema.default))}</code>`,
  ].filter(Boolean);
  return [...rules, schema.description && prose(schema.description)].filter(Boolean).join(' ; ');
}

const table = (header: readonly string[], rows: readonly string[][]): string =>
  `<table><thead><tr>${header.map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;

/** The fields of an object body, one level deep (nested objects are named by their type). */
function fields(schema: Schema): string {
  const rows = Object.entries(schema.properties ?? {}).map(([name, s]) => [
    `<code>${escapeHtml(name)}</code>`,
    escapeHtml(typeOf(s)),
    schema.required?.includes(name) ? 'oui' : 'non',
    rulesOf(s),
  ]);
  return rows.length ? table(['Champ', 'Type', 'Obligatoire', 'Règles'], rows) : '';
}

function requestBody(body: Operation['requestBody']): string {
  if (!body) return '';
  const parts = Object.entries(body.content).map(([media, { schema }]) => {
    const head = `<p><code>${escapeHtml(media)}</code></p>`;
    return head + (schema?.properties ? fields(schema) : schema && media.includes('json') ? `<p>${escapeHtml(typeOf(schema))}</p>` : '');
  });
  return `<h4>Corps de la requête</h4>${parts.join('')}`;
}

function parameters(params: readonly Parameter[] | undefined): string {
  if (!params?.length) return '';
  const rows = params.map((p) => [
    `<code>${escapeHtml(p.name)}</code>`,
    IN_NAMES[p.in] ?? p.in,
    escapeHtml(typeOf(p.schema)),
    p.required ? 'oui' : 'non',
    rulesOf({ ...p.schema, description: p.description ?? p.schema?.description }),
  ]);
  return `<h4>Paramètres</h4>${table(['Nom', 'Dans', 'Type', 'Obligatoire', 'Règles'], rows)}`;
}

function responses(op: Operation, document: ApiDocument): string {
  const shared = (document.components?.responses ?? {}) as Record<string, { description?: string; content?: Media }>;
  const rows = Object.entries(op.responses).map(([status, r]) => {
    const response = r.$ref ? shared[refName(r.$ref)] : r;
    const media = Object.entries(response?.content ?? {}).map(([m, { schema }]) =>
      m === 'application/json' && schema ? `${escapeHtml(m)} (${escapeHtml(typeOf(schema))})` : escapeHtml(m),
    );
    return [`<strong>${escapeHtml(status)}</strong>`, prose(response?.description ?? ''), media.join('<br>')];
  });
  return `<h4>Réponses</h4>${table(['Statut', 'Signification', 'Contenu'], rows)}`;
}

const anchor = (method: string, path: string): string => `${method}-${path}`.replace(/[^A-Za-z0-9]+/g, '-').replace(/-$/, '');

/** The reference page of `document`, its routes grouped by tag in the order they come. */
export function referencePage(document: ApiDocument): HtmlPage {
  const byTag = new Map<string, { method: string; path: string; op: Operation }[]>();
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const [method, op] of Object.entries(item as Record<string, Operation>)) {
      const tag = op.tags?.[0] ?? 'Autres';
      byTag.set(tag, [...(byTag.get(tag) ?? []), { method, path, op }]);
    }
  }
  const nav = [...byTag].map(
    ([tag, ops]) =>
      `<li>${escapeHtml(tag)}<ul>${ops
        .map(({ method, path, op }) => `<li><a href="#${anchor(method, path)}">${escapeHtml(op.summary ?? path)}</a></li>`)
        .join('')}</ul></li>`,
  );
  const sections = [...byTag].map(([tag, ops]) => {
    const routes = ops.map(({ method, path, op }) => {
      const auth = op.security?.length ? 'Administrateur : <code>Authorization: Bearer &lt;jeton&gt;</code>' : 'Public';
      return `<section class="route" id="${anchor(method, path)}">
<h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>
<p>${escapeHtml(op.summary ?? '')}</p>
<p class="auth">${auth}</p>
${
  op.description
    ? op.description
        .split('\n\n')
        .map((p) => `<p>${prose(p)}</p>`)
        .join('')
    : ''
}
${parameters(op.parameters)}${requestBody(op.requestBody)}${responses(op, document)}
</section>`;
    });
    return `<h2>${escapeHtml(tag)}</h2>\n${routes.join('\n')}`;
  });
  return {
    title: `Référence de l’API — ${document.info.title}`,
    style: STYLE,
    body: `<header><h1>Référence de l’API</h1><p>${prose(document.info.description ?? '')} Document complet :
<a href="/openapi.json">/openapi.json</a> (OpenAPI ${escapeHtml(document.openapi)}).</p></header>
<main>
<nav aria-label="Routes"><h2>Routes</h2><ul>${nav.join('')}</ul></nav>
${sections.join('\n')}
</main>`,
  };
}
