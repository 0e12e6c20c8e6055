import { expiresAfter, RETENTION_DAYS } from '../domain/retention.ts';
import type { Mailer, OutgoingMail } from '../ports/mailer.ts';
import { claimMail, settleMail } from '../store/mail-log.ts';

/**
 * Sends a mail at most once per `mailKey` (e.g. `welcome#app-…`): the key is claimed by a
 * conditional put before sending, so a retried task does not mail twice. A failed send frees the
 * claim so the retry sends it. (A crash between claim and send loses that one mail rather than
 * risking a duplicate; the mail item stays SENDING for an admin to see.) The record expires at
 * `expiresAt`: by default RETENTION_DAYS.mailRecord after sending (docs/rules.md#personal-data).
 */
export async function sendOnce(
  poleId: string,
  mailKey: string,
  mail: OutgoingMail,
  via: Mailer,
  at: string,
  expiresAt = expiresAfter(at, RETENTION_DAYS.mailRecord),
): Promise<{ sent: boolean }> {
  if (!(await claimMail(poleId, mailKey, mail, at, expiresAt))) return { sent: false };
  let messageId: string;
  try {
    ({ messageId } = await via.send(mail));
  } catch (error) {
    await settleMail(poleId, mailKey, 'FAILED');
    throw error;
  }
  // Sent: if recording it fails, the claim stays SENDING and a retry does not send it again.
  await settleMail(poleId, mailKey, 'SENT', messageId);
  return { sent: true };
}
