import { SesMailer } from './aws/ses-mailer.ts';

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

export const mailer = (): Mailer => (current ??= new SesMailer());

/** Installs another mailer (embedded runtime and tests). */
export function setMailer(next: Mailer): void {
  current = next;
}
