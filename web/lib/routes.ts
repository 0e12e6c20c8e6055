/**
 * The back-office's pages and their addresses (`#/…` after /admin): a hash router, so that the
 * one page served by the API shows every section, a link can be shared, and Back works.
 */

/** The sections of the navigation, in its order, with their French names. */
export const SECTIONS = [
  { id: 'home', path: '', label: 'Accueil' },
  { id: 'members', path: 'membres', label: 'Membres et bâtiment' },
  { id: 'applications', path: 'candidatures', label: 'Candidatures' },
  { id: 'quarters', path: 'trimestres', label: 'Trimestres' },
  { id: 'campaigns', path: 'campagnes', label: 'Entreprises et campagnes' },
  { id: 'executions', path: 'executions', label: 'Exécutions' },
] as const;

export type Section = (typeof SECTIONS)[number]['id'];

export type Route =
  | { page: 'home' }
  | { page: 'members' }
  | { page: 'applications'; status?: string }
  | { page: 'application'; applicationId: string }
  | { page: 'quarters' }
  | { page: 'quarter'; quarter: string }
  | { page: 'campaigns' }
  | { page: 'campaign'; campaignId: string }
  | { page: 'executions'; workflow?: string; status?: string; businessKey?: string }
  | { page: 'execution'; workflow: string; name: string }
  | { page: 'not-found'; path: string };

const decode = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

/** What each query parameter of a list page is called in its address. */
const PARAMS = { status: 'statut', workflow: 'workflow', businessKey: 'cle' } as const;

/** The route of a location hash (`#/candidatures/app-…`); a hash that is not a route (`#main`) is null. */
export function parseRoute(hash: string): Route | null {
  if (hash !== '' && hash !== '#' && !hash.startsWith('#/')) return null;
  const [path = '', search = ''] = hash.replace(/^#\/?/, '').split('?');
  const query = new URLSearchParams(search);
  const get = (name: keyof typeof PARAMS) => query.get(PARAMS[name]) || undefined;
  const parts = path.split('/').filter(Boolean).map(decode);
  const [first, second, third, ...rest] = parts;
  if (rest.length > 0) return { page: 'not-found', path };
  if (!first) return { page: 'home' };
  if (first === 'membres' && !second) return { page: 'members' };
  // `applications` is the address the committee's mails give (domain/mails.ts): the same pages.
  if (first === 'candidatures' || first === 'applications') {
    if (!second) return { page: 'applications', ...optional('status', get('status')) };
    if (!third) return { page: 'application', applicationId: second };
  }
  if (first === 'trimestres') {
    if (!second) return { page: 'quarters' };
    if (!third) return { page: 'quarter', quarter: second };
  }
  if (first === 'campagnes') {
    if (!second) return { page: 'campaigns' };
    if (!third) return { page: 'campaign', campaignId: second };
  }
  if (first === 'executions') {
    if (!second)
      return {
        page: 'executions',
        ...optional('workflow', get('workflow')),
        ...optional('status', get('status')),
        ...optional('businessKey', get('businessKey')),
      };
    if (third) return { page: 'execution', workflow: second, name: third };
  }
  return { page: 'not-found', path };
}

const optional = <K extends string>(key: K, value: string | undefined) => (value ? ({ [key]: value } as Record<K, string>) : {});

/** The address of a route, for links (`#/executions/gtec-campaign/pole--campaign-x`). */
export function href(route: Route): string {
  const e = encodeURIComponent;
  const withQuery = (path: string, params: Partial<Record<keyof typeof PARAMS, string | undefined>>) => {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(params)) if (value) query.set(PARAMS[name as keyof typeof PARAMS], value);
    const text = query.toString();
    return `#/${path}${text ? `?${text}` : ''}`;
  };
  switch (route.page) {
    case 'home':
      return '#/';
    case 'members':
      return '#/membres';
    case 'applications':
      return withQuery('candidatures', { status: route.status });
    case 'application':
      return `#/candidatures/${e(route.applicationId)}`;
    case 'quarters':
      return '#/trimestres';
    case 'quarter':
      return `#/trimestres/${e(route.quarter)}`;
    case 'campaigns':
      return '#/campagnes';
    case 'campaign':
      return `#/campagnes/${e(route.campaignId)}`;
    case 'executions':
      return withQuery('executions', { workflow: route.workflow, status: route.status, businessKey: route.businessKey });
    case 'execution':
      return `#/executions/${e(route.workflow)}/${e(route.name)}`;
    case 'not-found':
      return `#/${route.path}`;
  }
}

/** The navigation section a route belongs to (its link is marked current). */
export function sectionOf(route: Route): Section | undefined {
  switch (route.page) {
    case 'home':
    case 'members':
    case 'quarters':
    case 'campaigns':
    case 'applications':
    case 'executions':
      return route.page;
    case 'application':
      return 'applications';
    case 'quarter':
      return 'quarters';
    case 'campaign':
      return 'campaigns';
    case 'execution':
      return 'executions';
    case 'not-found':
      return undefined;
  }
}
