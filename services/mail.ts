import { setTimeout as sleep } from 'node:timers/promises';
import { MAIL_SENDING_LEASE_MS } from '../domain/limits.ts';
import { expiresAfter, RETENTION_DAYS } from '../domain/retention.ts';
import { clock } from '../ports/clock.ts';
import type { Mailer, OutgoingMail } from '../ports/mailer.ts';
import { claimMail, countStuckMails, mailState, settleMail } from '../store/mail-log.ts';

/**
 * The mail is being sent by another attempt whose lease runs (it may have died): retried by the
 * tasks' mail policy, whose waits outlast the lease, so the retry either finds it SENT or takes it over.
 */
export class MailInFlightError extends Error {
  override readonly name = 'MailInFlight';
}

/** A claim's time and the time before which a claim's lease is over, on the wall clock (not a business time a retry may repeat). */
function lease(): { claimedAt: string; staleBefore: string } {
  const now = clock().now();
  return { claimedAt: now.toISOString(), staleBefore: new Date(now.getTime() - MAIL_SENDING_LEASE_MS).toISOString() };
}

/** Mails whose key starts with `keyPrefix` stuck in SENDING past their lease (an admin's view: the next attempt sends them). */
export const stuckMails = (poleId: string, keyPrefix: string): Promise<number> => countStuckMails(poleId, keyPrefix, lease().staleBefore);

/**
 * Sends a mail at most once per `mailKey` (e.g. `welcome#app-…`), except after a crash: the key is
 * claimed by a conditional put before sending, so a retried task does not mail twice. A failed send
 * frees the claim so the retry sends it. A claim left SENDING longer than MAIL_SENDING_LEASE_MS (its
 * sender crashed between claim and outcome) is taken over by the next attempt, which sends it again:
 * a duplicate in that crash window rather than a mail never sent (docs/rules.md#idempotency); while
 * the lease runs, another attempt fails with MailInFlightError and its task's Retry comes back. The
 * record expires at `expiresAt`: by default RETENTION_DAYS.mailRecord after `at` (docs/rules.md#personal-data).
 */
export async function sendOnce(
  poleId: string,
  mailKey: string,
  mail: OutgoingMail,
  via: Mailer,
  at: string,
  expiresAt = expiresAfter(at, RETENTION_DAYS.mailRecord),
): Promise<{ sent: boolean }> {
  const { claimedAt, staleBefore } = lease();
  if (!(await claimMail(poleId, mailKey, mail, claimedAt, staleBefore, expiresAt))) {
    // Sent already: done. Otherwise its outcome is not known yet, and the caller must not count it as sent.
    if ((await mailState(poleId, mailKey)) === 'SENT') return { sent: false };
    throw new MailInFlightError(`mail ${mailKey} is being sent by another attempt`);
  }
  let messageId: string;
  try {
    ({ messageId } = await via.send(mail));
  } catch (error) {
    await settleMail(poleId, mailKey, claimedAt, 'FAILED');
    throw error;
  }
  await recordSent(poleId, mailKey, claimedAt, messageId);
  return { sent: true };
}

/** Tries to record a sent mail this many times, 100 ms apart then doubling (about 1.5 s in all). */
const RECORD_SENT_ATTEMPTS = 5;

/**
 * Records a sent mail as SENT, trying harder than the SDK's own retries: a record left SENDING is
 * sent again once its lease ends (a duplicate), and the task's retries meanwhile find it in flight.
 */
async function recordSent(poleId: string, mailKey: string, claimedAt: string, messageId: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await settleMail(poleId, mailKey, claimedAt, 'SENT', messageId);
    } catch (error) {
      if (attempt >= RECORD_SENT_ATTEMPTS) throw error;
      await sleep(100 * 2 ** (attempt - 1));
    }
  }
}
