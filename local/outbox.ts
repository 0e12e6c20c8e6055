import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Mailer, OutgoingMail } from '../ports/mailer.ts';
import { PRIVATE_FILE_MODE, privateDir } from './private-dir.ts';

const encodeHeader = (value: string): string =>
  /^[\x20-\x7e]*$/.test(value) ? value : `=?UTF-8?B?${Buffer.from(value, 'utf8').toString('base64')}?=`;

/** The Mailer port on the embedded runtime: every mail lands in `dir` as an RFC 5322 `.eml` file. */
export class OutboxMailer implements Mailer {
  constructor(
    private readonly dir: string,
    private readonly from: string,
    private readonly now: () => Date,
  ) {}

  async send(mail: OutgoingMail): Promise<{ messageId: string }> {
    await privateDir(this.dir);
    const date = this.now();
    const messageId = `${randomUUID()}@outbox.local`;
    const body = Buffer.from(mail.text, 'utf8').toString('base64').replace(/.{76}/g, '$&\r\n');
    const eml = [
      `From: ${this.from}`,
      `To: ${mail.to}`,
      `Subject: ${encodeHeader(mail.subject)}`,
      `Date: ${date.toUTCString()}`,
      `Message-ID: <${messageId}>`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=UTF-8',
      'Content-Transfer-Encoding: base64',
      '',
      body,
      '',
    ].join('\r\n');
    const file = `${date.toISOString().replace(/[:.]/g, '-')}-${messageId.slice(0, 8)}.eml`;
    await writeFile(join(this.dir, file), eml, { encoding: 'utf8', mode: PRIVATE_FILE_MODE });
    return { messageId };
  }
}
