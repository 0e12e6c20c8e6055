import type { Runtime } from '../local/runtime.ts';
import { mailer, setMailer } from '../ports/mailer.ts';

/**
 * The applicant's side of an application on the embedded runtime: the form posted, then confirmed
 * with the link of its mail, as a person does. The links are caught as the mails go out (the mailer
 * in place still sends them to the outbox), so that reading them costs the measured runs nothing.
 */
export function applicantOf(runtime: Runtime): {
  applyAndConfirm(poleId: string, form: unknown): Promise<{ status: number; body: Record<string, string> }>;
} {
  const links = new Map<string, string>();
  const waiting = new Map<string, (link: string) => void>();
  const inner = mailer();
  setMailer({
    send: async (mail) => {
      const sent = await inner.send(mail);
      const found = /\S+\/applications\/(app-[^/]+)\/confirm\/[A-Za-z0-9_-]{22}/.exec(mail.text);
      if (found) {
        links.set(found[1]!, found[0]);
        waiting.get(found[1]!)?.(found[0]);
      }
      return sent;
    },
  });
  const linkOf = (applicationId: string) =>
    links.get(applicationId) ?? new Promise<string>((resolve) => waiting.set(applicationId, resolve));
  // A 503 (DynamoDB throttled, as the resilience bench makes it) is retried, as a client should.
  const post = async (url: string, body?: unknown): Promise<{ status: number; body: Record<string, string> }> => {
    for (;;) {
      const response = await fetch(url, {
        method: 'POST',
        ...(body !== undefined && { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      });
      if (response.status !== 503) return { status: response.status, body: (await response.json()) as Record<string, string> };
      await response.arrayBuffer();
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return {
    async applyAndConfirm(poleId, form) {
      const submitted = await post(`${runtime.url}/poles/${poleId}/applications`, form);
      if (submitted.status !== 202) return submitted;
      return post(await linkOf(submitted.body.applicationId!));
    },
  };
}
