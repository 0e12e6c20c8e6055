import type { Route } from '../lib/routes.ts';
import { ApiFailure } from './api.ts';
import { clearIssues, h, type Issue, showIssues } from './dom.ts';

/** What a page may ask of the application around it. */
export interface PageContext {
  /** Says something to screen readers (and leaves the focus where it is). */
  announce(text: string): void;
  /** Repeats a task while this page is on screen (following a running execution, a campaign). */
  every(ms: number, task: () => unknown): void;
  /** Renders the page again, focus kept, with a message at its top: after an action changed what it shows. */
  refresh(message?: string): void;
  navigate(route: Route): void;
}

/** A page: its title (the h1 and the document's title) and its content, from the route's parameters. */
export type Page<R extends Route> = (route: R, context: PageContext) => Promise<{ title: string; body: Node | (Node | null)[] }>;

/**
 * Runs a form's action: its buttons disabled meanwhile, the API's problems shown next to the fields
 * they name (or in the form's summary). Returns the action's message, or null when it failed.
 */
export async function submitting(form: HTMLFormElement, action: () => Promise<string>): Promise<string | null> {
  const buttons = [...form.querySelectorAll('button')];
  for (const b of buttons) b.disabled = true;
  clearIssues(form);
  try {
    return await action();
  } catch (error) {
    if (error instanceof ApiFailure) showIssues(form, error.message, error.issues);
    else showIssues(form, error instanceof Error ? error.message : String(error), []);
    return null;
  } finally {
    for (const b of buttons) b.disabled = false;
  }
}

/** A message that stays on the page (a result, an error), announced by its role. */
export const notice = (text: string, kind: 'ok' | 'error' | 'info' = 'info', ...more: Node[]): HTMLDivElement =>
  h('div', { class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, h('p', {}, text), ...more);

export type { Issue };
