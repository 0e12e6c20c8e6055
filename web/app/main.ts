import './style.css';
import { href, parseRoute, type Route, SECTIONS, sectionOf } from '../lib/routes.ts';
import { ApiFailure, whenUnauthorized } from './api.ts';
import { session } from './auth.ts';
import { h } from './dom.ts';
import { notice, type Page, type PageContext } from './page.ts';
import { applicationPage, applicationsPage } from './pages/applications.ts';
import { campaignPage, campaignsPage } from './pages/campaigns.ts';
import { executionPage, executionsPage } from './pages/executions.ts';
import { homePage } from './pages/home.ts';
import { membersPage } from './pages/members.ts';
import { quarterPage, quartersPage } from './pages/quarters.ts';

/**
 * The back-office (docs/back-office.md): signs the admin in, then shows the page of the address's
 * hash, in the one document /admin serves. Each route change renders its page, names it in the
 * title and moves the focus to its heading, so a screen reader announces where the admin is.
 */

const main = document.getElementById('main')!;
const nav = document.getElementById('nav')!;
const sessionArea = document.getElementById('session')!;
const announcer = document.getElementById('announcer')!;

const PAGES: { [P in Route['page']]: Page<Extract<Route, { page: P }>> } = {
  home: homePage,
  members: membersPage,
  applications: applicationsPage,
  application: applicationPage,
  quarters: quartersPage,
  quarter: quarterPage,
  campaigns: campaignsPage,
  campaign: campaignPage,
  executions: executionsPage,
  execution: executionPage,
  'not-found': async () => ({
    title: 'Page introuvable',
    body: [h('p', {}, 'Cette adresse ne correspond à aucune page. '), h('a', { href: '#/' }, 'Retour à l’accueil')],
  }),
};

/** Timers of the page on screen (polling while something runs), stopped when the admin leaves it. */
let timers: number[] = [];
/** Incremented at each render: a slow page that finishes after the admin moved on is dropped. */
let renderCount = 0;
/** What the last action did, shown at the top of the page it refreshed. */
let flash: string | undefined;

function say(text: string): void {
  // Emptied first, so that the same message said twice is announced twice.
  announcer.textContent = '';
  setTimeout(() => {
    announcer.textContent = text;
  }, 50);
}

const context = (render: number): PageContext => ({
  announce: say,
  every: (ms, task) => {
    const id = window.setInterval(() => {
      if (render === renderCount) void task();
    }, ms);
    timers.push(id);
  },
  refresh: (message) => {
    flash = message;
    void show({ keepFocus: true });
  },
  navigate: (route) => {
    location.hash = href(route);
  },
});

function renderNav(route: Route | null): void {
  const current = route ? sectionOf(route) : undefined;
  nav.replaceChildren(
    h(
      'ul',
      {},
      ...SECTIONS.map((s) =>
        h('li', {}, h('a', { href: href({ page: s.id } as Route), 'aria-current': s.id === current ? 'page' : undefined }, s.label)),
      ),
    ),
  );
}

function signInPage(message?: string): void {
  for (const id of timers) clearInterval(id);
  timers = [];
  nav.replaceChildren();
  sessionArea.replaceChildren();
  // In AWS, Cognito's managed login (its own page: password, MFA); locally, the configured token typed here.
  const token = h('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'off', required: true, size: 40 });
  const form = session.cognito
    ? h('p', {}, h('button', { id: 'sign-in', type: 'button', onclick: () => void session.signIn() }, 'Se connecter'))
    : h(
        'form',
        {
          id: 'sign-in-form',
          onsubmit: (event: Event) => {
            event.preventDefault();
            const value = token.value.trim();
            if (!value) return;
            session.keep(value);
            void show();
          },
        },
        h('div', { class: 'field' }, h('label', { for: 'token' }, 'Jeton d’accès administrateur'), token),
        h('button', { type: 'submit' }, 'Se connecter'),
      );
  main.replaceChildren(
    h('h1', { tabindex: '-1' }, 'Connexion'),
    ...(message ? [h('p', { id: 'sign-in-error', class: 'notice notice-error', role: 'alert' }, message)] : []),
    // A link to one application (the committee's mail) opens it once signed in.
    ...(parseRoute(location.hash)?.page === 'application'
      ? [h('p', { id: 'message', class: 'notice' }, 'Connectez-vous pour ouvrir la candidature demandée.')]
      : []),
    h(
      'p',
      {},
      session.cognito
        ? 'Connectez-vous avec le compte que le pôle vous a ouvert : la page de connexion vous ramène ici.'
        : 'Saisissez le jeton d’accès de votre pôle. Il reste dans cet onglet du navigateur et n’est envoyé qu’à ce site.',
    ),
    form,
  );
  document.title = 'Connexion — Espace de l’équipe';
  (session.cognito ? form.querySelector('button') : token)?.focus();
}

async function show(options: { keepFocus?: boolean } = {}): Promise<void> {
  if (!(await session.token())) return signInPage();
  const route = parseRoute(location.hash);
  if (!route) return; // an in-page anchor (the skip link): the page stays
  const render = ++renderCount;
  for (const id of timers) clearInterval(id);
  timers = [];
  renderNav(route);
  sessionArea.replaceChildren(
    h(
      'button',
      {
        id: 'logout',
        type: 'button',
        class: 'secondary',
        onclick: () => {
          session.signOut();
          signInPage();
        },
      },
      'Se déconnecter',
    ),
  );
  main.setAttribute('aria-busy', 'true');
  let page: { title: string; body: Node | (Node | null)[] };
  try {
    page = await (PAGES[route.page] as Page<Route>)(route, context(render));
  } catch (error) {
    if (error instanceof ApiFailure && error.status === 401) return;
    const message = error instanceof Error ? error.message : String(error);
    page = {
      title: 'Erreur',
      body: [h('p', { class: 'notice notice-error', role: 'alert' }, message), h('a', { href: '#/' }, 'Retour à l’accueil')],
    };
  }
  if (render !== renderCount) return;
  main.removeAttribute('aria-busy');
  const heading = h('h1', { tabindex: '-1' }, page.title);
  const done = flash ? notice(flash, 'ok') : null;
  flash = undefined;
  main.replaceChildren(
    heading,
    ...(done ? [done] : []),
    ...(Array.isArray(page.body) ? page.body : [page.body]).filter((n): n is Node => n !== null),
  );
  document.title = `${page.title} — Espace de l’équipe`;
  if (!options.keepFocus) heading.focus();
}

whenUnauthorized((message) => signInPage(message));
window.addEventListener('hashchange', () => void show());
// The skip link: to the page's content without changing the address (the router owns the hash).
document.querySelector('.skip-link')?.addEventListener('click', (event) => {
  event.preventDefault();
  main.focus();
});
// Back from the managed login: the code exchanged first (a refused or interrupted sign-in says why).
session.callback().then(
  () => show(),
  (error: unknown) => signInPage(error instanceof Error ? error.message : String(error)),
);
