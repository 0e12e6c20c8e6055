import type { HtmlPage } from '../../domain/html.ts';
import type { SignInSettings } from '../../domain/sign-in.ts';
import { withSignIn } from '../common/sign-in-script.ts';

/**
 * The back-office's document (docs/back-office.md): a frame the script (web/app/main.ts) fills,
 * with no inline style and one inline script, the sign-in's (functions/common/sign-in-script.ts,
 * which web/app/auth.ts uses), so its Content-Security-Policy allows the API's own files and that
 * script by its hash only.
 */
export function backOfficePage(files: { script: string; style: string }, signIn: SignInSettings): HtmlPage {
  return withSignIn(
    {
      title: 'Espace de l’équipe — Pôle territorial de coopération économique',
      files,
      body: `<a class="skip-link" href="#main">Aller au contenu</a>
<header class="top">
  <p class="brand">Pôle territorial de coopération économique — espace de l’équipe</p>
  <nav id="nav" aria-label="Rubriques"></nav>
  <div id="session"></div>
</header>
<main id="main" tabindex="-1">
  <h1>Espace de l’équipe</h1>
  <noscript><p>Cette page a besoin de JavaScript pour fonctionner.</p></noscript>
  <p id="loading">Chargement…</p>
</main>
<div id="announcer" class="visually-hidden" role="status" aria-live="polite"></div>`,
    },
    signIn,
  );
}
