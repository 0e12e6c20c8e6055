import type { PendingTask } from '../lib/api-types.ts';
import { when } from '../lib/format.ts';
import { api } from './api.ts';
import { facts, field, h } from './dom.ts';
import { type PageContext, submitting } from './page.ts';

/** Where a task is read in full: its application, its quarter. */
function detailLink(task: PendingTask): HTMLAnchorElement | null {
  if (task.kind === 'APPLICATION_DECISION') return h('a', { href: `#/candidatures/${encodeURIComponent(task.id)}` }, 'Voir la candidature');
  if (/^\d{4}-Q[1-4]$/.test(task.id)) return h('a', { href: `#/trimestres/${encodeURIComponent(task.id)}` }, 'Voir les brouillons');
  return null;
}

/**
 * A task waiting for a person, with its actions as the API describes them (domain/tasks.ts): an
 * action that needs a reason opens a small form for it; the others ask for confirmation.
 */
export function taskCard(task: PendingTask, context: PageContext): HTMLLIElement {
  const titleId = `tache-${task.id}`;
  const reasonForms = h('div', {});
  const act = async (action: PendingTask['actions'][number], body: Record<string, unknown>) => {
    await api('POST', action.path, { json: body });
    return `${action.label} : ${task.title} — fait.`;
  };
  const buttons = task.actions.map((action) =>
    h(
      'button',
      {
        type: 'button',
        class: action.action === 'reject' ? 'danger' : '',
        'aria-describedby': titleId,
        onclick: async () => {
          if (action.reasonField) {
            const reason = h('textarea', { name: action.reasonField, rows: 3, required: true, maxlength: 1000 });
            const form = h(
              'form',
              {
                class: 'inline-form',
                onsubmit: async (event: Event) => {
                  event.preventDefault();
                  const done = await submitting(form, () => act(action, { ...action.body, [action.reasonField!]: reason.value.trim() }));
                  if (done !== null) context.refresh(done);
                },
              },
              field(`Motif (${action.label.toLowerCase()} : il sera communiqué à l’intéressé)`, reason),
              h('button', { type: 'submit', class: 'danger' }, `Confirmer : ${action.label.toLowerCase()}`),
            );
            reasonForms.replaceChildren(form);
            reason.focus();
            return;
          }
          if (!confirm(`${action.label} : ${task.title} ?`)) return;
          const form = h('form', {});
          reasonForms.replaceChildren(form);
          const done = await submitting(form, () => act(action, action.body));
          if (done !== null) context.refresh(done);
        },
      },
      action.label,
    ),
  );
  return h(
    'li',
    { class: 'card task', dataset: { id: task.id, kind: task.kind } },
    h('h3', { id: titleId }, task.title),
    facts([
      ...task.details.map((d): [string, string] => [d.label, d.value]),
      ['En attente depuis', when(task.waitingSince)],
      ...(task.dueAt ? [['Échéance', when(task.dueAt)] as [string, string]] : []),
    ]),
    h('div', { class: 'actions' }, ...buttons, detailLink(task)),
    reasonForms,
  );
}
