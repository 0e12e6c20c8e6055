import type { z } from 'zod';
import { DomainError, NotFoundError, ValidationError } from '../../domain/errors.ts';
import { escapeHtml, type HtmlPage } from '../../domain/html.ts';
import { parseOrThrow } from '../../domain/validation.ts';
import type { RouteContract } from './contract.ts';
import { htmlPage } from './html.ts';
import { errorResponse, type HttpEvent, httpHandler } from './http.ts';

/**
 * The pages the public reads (docs/onboarding.md#public-pages): the home page, a pôle's landing page,
 * the application form, the confirmation and status pages. One layout and one style sheet, readable
 * from 320 px wide up, following the GOV.UK Design System's patterns (labels and hints above fields,
 * an error summary linking to each field, visible focus).
 */

export const PUBLIC_STYLE = `
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font-family: system-ui, sans-serif; font-size: 1.0625rem; line-height: 1.5; color: #0b0c0c; background: #fff; }
.skip-link { position: absolute; left: -999rem; }
.skip-link:focus { left: 1rem; top: .5rem; background: #ffbf47; color: #0b0c0c; padding: .25rem .5rem; z-index: 1; }
header { background: #12355b; color: #fff; padding: .75rem 1rem; }
header p { margin: 0 auto; max-width: 46rem; font-weight: 700; }
header a { color: #fff; text-decoration: none; }
header a:hover, header a:focus { text-decoration: underline; }
main { display: block; max-width: 46rem; margin: 0 auto; padding: 1rem 1rem 3rem; overflow-wrap: anywhere; }
footer { border-top: 1px solid #b1b4b6; color: #505a5f; font-size: .9rem; }
footer p { margin: 0 auto; max-width: 46rem; padding: 1rem; }
h1 { font-size: 1.75rem; line-height: 1.2; margin: .75rem 0 1rem; }
h2 { font-size: 1.3rem; line-height: 1.3; margin: 2rem 0 .75rem; }
a { color: #1d70b8; }
a:visited { color: #4c2c92; }
.lead { font-size: 1.2rem; }
.hint { color: #505a5f; margin: 0 0 .4rem; }
.field { margin: 0 0 1.75rem; }
label, legend { display: block; font-weight: 700; margin: 0 0 .25rem; }
fieldset { border: 0; padding: 0; margin: 0 0 1.75rem; min-width: 0; }
legend { font-size: 1.15rem; padding: 0; }
fieldset .field { margin-bottom: 1.25rem; }
input[type=text], input[type=email], input[type=tel], input[type=date], select, textarea {
  font: inherit; width: 100%; max-width: 100%; padding: .45rem .5rem; border: 2px solid #0b0c0c; border-radius: 0; background: #fff; color: inherit;
}
input.w-short { max-width: 10rem; } input.w-medium { max-width: 20rem; }
textarea { min-height: 7rem; resize: vertical; }
.choice { display: flex; align-items: flex-start; gap: .6rem; margin: .5rem 0; }
.choice input { flex: none; width: 1.5rem; height: 1.5rem; margin: .05rem 0 0; accent-color: #12355b; }
.choice label { font-weight: 400; margin: 0; }
button, .button { display: inline-block; font: inherit; font-weight: 700; padding: .6rem 1.2rem; border: 2px solid #12355b; border-radius: 0; background: #12355b; color: #fff; cursor: pointer; text-decoration: none; }
.button:visited { color: #fff; }
button[disabled] { opacity: .6; cursor: default; }
:focus-visible { outline: 3px solid #ffbf47; outline-offset: 0; box-shadow: 0 0 0 6px #0b0c0c; }
.error-summary { border: 5px solid #a4262c; padding: 1rem; margin: 1rem 0 1.5rem; }
.error-summary:focus { outline: 3px solid #ffbf47; }
.error-summary h2 { margin: 0 0 .5rem; font-size: 1.2rem; }
.error-summary ul { margin: 0; padding-left: 1.2rem; }
.error-summary a { color: #a4262c; font-weight: 700; }
.error-message { color: #a4262c; font-weight: 700; margin: 0 0 .35rem; }
.has-error { border-left: 5px solid #a4262c; padding-left: .75rem; }
.has-error input[type=text], .has-error input[type=email], .has-error input[type=tel], .has-error input[type=date],
.has-error select, .has-error textarea { border-color: #a4262c; }
.ok { color: #1b6b33; font-weight: 700; margin: .35rem 0 0; }
.panel { border: 5px solid #1b6b33; padding: 1rem; margin: 1rem 0; }
.panel h2, .panel h1 { margin-top: 0; }
.notice { border-left: 5px solid #1d70b8; background: #eef5fb; padding: .5rem 1rem; margin: 1rem 0; }
.status { display: inline-block; font-weight: 700; padding: .15rem .6rem; background: #12355b; color: #fff; }
.status.negative { background: #a4262c; }
.status.positive { background: #1b6b33; }
ol.steps, ul.list { padding-left: 1.4rem; }
ol.steps li, ul.list li { margin: .35rem 0; }
dl.events { display: grid; grid-template-columns: minmax(0, 1fr); gap: 0; margin: 0; }
dl.events dt { font-weight: 700; margin-top: .75rem; }
dl.events dd { margin: 0; color: #505a5f; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; margin: 0; padding: 0; overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); border: 0; white-space: nowrap; }
[hidden] { display: none !important; }
@media (min-width: 40rem) { h1 { font-size: 2.1rem; } main { padding-top: 1.5rem; } }
`;

interface PublicPageParts {
  /** The document's title, as text; the page's own h1 is in `body`. */
  title: string;
  /** The pôle the page belongs to, named in the header and linked to its landing page. */
  pole?: { poleId: string; name: string };
  /** The main content's markup. */
  body: string;
  script?: string;
}

/** A public page's parts in the common layout (served by htmlPage, with its security headers). */
export function publicPage({ title, pole, body, script }: PublicPageParts): HtmlPage {
  const home = pole
    ? `<a href="/poles/${escapeHtml(pole.poleId)}">${escapeHtml(pole.name)}</a>`
    : '<a href="/">Pôles territoriaux de coopération économique</a>';
  return {
    title,
    style: PUBLIC_STYLE,
    body: `<a class="skip-link" href="#main">Aller au contenu</a>
<header><p>${home}</p></header>
<main id="main" tabindex="-1">
${body}
</main>
<footer><p>Vos données servent uniquement à l’examen de votre candidature par le pôle.</p></footer>`,
    ...(script && { script }),
  };
}

/** The French page a person sees instead of a JSON error: the error's message, with its status. */
function errorPage(error: DomainError): HtmlResultParts {
  // A malformed link reads, to a person, like an unknown one.
  const shown = error instanceof ValidationError ? new NotFoundError('Cette page n’existe pas : vérifiez le lien.') : error;
  const answer = errorResponse(shown);
  const title = answer.statusCode === 404 ? 'Page introuvable' : 'Impossible d’afficher cette page';
  return {
    statusCode: answer.statusCode ?? 400,
    page: publicPage({
      title,
      body: `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(shown.message)}</p>\n<p><a href="/">Revenir à l’accueil</a></p>`,
    }),
  };
}

interface HtmlResultParts {
  statusCode: number;
  page: HtmlPage;
}

/**
 * Wraps a public page's handler: its path parsed with `path`, the page it renders served by
 * htmlPage; a typed error (unknown pôle, wrong token…) becomes a French HTML page with the
 * error's status, not JSON. Anything unexpected goes on to httpHandler (logged, 500).
 */
export function pageHandler<PS extends z.ZodType>(
  contract: RouteContract<'public', undefined, PS>,
  render: (input: { path: z.output<PS>; event: HttpEvent }) => Promise<HtmlPage>,
) {
  // The path is parsed here, not by httpHandler, so that a bad link gets a page rather than JSON;
  // the handler still carries its contract (`spec`), which the API reference describes.
  const handler = httpHandler({ auth: 'public' }, async ({ event }) => {
    try {
      return htmlPage(await render({ path: parseOrThrow(contract.path!, event.pathParameters ?? {}, ['path']), event }));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const { statusCode, page } = errorPage(error);
      return { ...htmlPage(page), statusCode };
    }
  });
  return Object.assign(handler, { spec: contract });
}
