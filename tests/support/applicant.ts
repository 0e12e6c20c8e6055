import type { Runtime } from '../../local/runtime.ts';
import { call, eventually, mailText, outbox, POLE, type Reply } from './runtime.ts';

/** The two links of the latest confirmation mail sent for an application, read from the outbox. */
export async function mailedLinks(runtime: Runtime, applicationId: string): Promise<{ confirm: string; status: string } | undefined> {
  const texts = (await outbox(runtime)).map(mailText).reverse();
  for (const text of texts) {
    const confirm = new RegExp(`(http\\S+/applications/${applicationId}/confirm/[A-Za-z0-9_-]{22})`).exec(text)?.[1];
    const status = new RegExp(`(http\\S+/applications/${applicationId}/status/[A-Za-z0-9_-]{22})`).exec(text)?.[1];
    if (confirm && status) return { confirm, status };
  }
  return undefined;
}

/** The path of a link, as `call` takes it. */
export const pathOf = (link: string): string => new URL(link).pathname;

/**
 * Submits a form to the public route, then confirms it with the link of its mail, as an applicant
 * does: what one POST used to do, for the tests about what follows. The reply is the
 * confirmation's (202 with `applicationId` and `executionArn`, 409 naming the holder of the SIRET…),
 * or the submission's when that was refused.
 */
export async function applyAndConfirm(runtime: Runtime, form: unknown, poleId = POLE): Promise<Reply> {
  const submitted = await call(runtime, 'POST', `/poles/${poleId}/applications`, { body: form });
  if (submitted.status !== 202 && submitted.status !== 200) return submitted;
  const links = await eventually(() => mailedLinks(runtime, submitted.body.applicationId));
  return call(runtime, 'POST', pathOf(links.confirm));
}
