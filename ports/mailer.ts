import { SesMailer } from './aws/ses-mailer.ts';
import { pacedMailer } from './paced-mailer.ts';

export interface OutgoingMail {
  to: string;
  subject: string;
  /** Plain UTF-8 text; French, since people read it. */
  text: string;
}

/** Sends mail: SES v2 in AWS, `.eml` files in the outbox folder on the embedded runtime. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
}

let current: Mailer | undefined;

/** The mailer: SES, paced to the account's sending rate (ports/paced-mailer.ts). */
export const mailer = (): Mailer => {
  if (!current) {
    const ses = new SesMailer();
    current = pacedMailer(ses, () => ses.sendRate());
  }
  return current;
};

/** Installs another mailer (embedded runtime and tests). */
export function setMailer(next: Mailer): void {
  current = next;
}
