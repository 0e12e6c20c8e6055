import { errorsByLine } from '../lib/line-errors.ts';
import { ApiFailure } from './api.ts';
import type { Issue } from './dom.ts';
import { h, table } from './dom.ts';
import { notice } from './page.ts';

/**
 * A file's problems against the file's own lines (line 1 is its header): the line number, the
 * line as the admin's file has it, and what is wrong with it, so they can fix the file in hand.
 */
export function lineErrors(caption: string, fileText: string, issues: readonly Issue[]): HTMLElement {
  return table(
    caption,
    ['Ligne', 'Contenu de la ligne dans le fichier', 'Problème'],
    errorsByLine(fileText, issues).map((r) => [
      r.line ? String(r.line) : '—',
      r.text !== undefined ? h('code', {}, r.text) : '—',
      r.messages.join(' '),
    ]),
    { rowHeaders: true },
  );
}

/** Why an import was refused: the API's message, and its errors line by line when it names lines. */
export function importRefused(caption: string, fileText: string, error: unknown): HTMLElement {
  const message = error instanceof Error ? error.message : String(error);
  const issues = error instanceof ApiFailure ? error.issues : [];
  const lined = issues.some((i) => i.line !== undefined);
  const box = h(
    'div',
    { class: 'import-errors' },
    notice(`${message}${lined ? ' Corrigez le fichier puis importez-le de nouveau.' : ''}`, 'error'),
    lined ? lineErrors(caption, fileText, issues) : null,
  );
  return box;
}

/** Moves the focus to a message just shown (a refused import), so it is read at once. */
export function focusNotice(container: HTMLElement): void {
  const first = container.querySelector<HTMLElement>('.notice');
  if (!first) return;
  first.tabIndex = -1;
  first.focus();
}
