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

  /** The folder made private once per mailer, not per mail: its mkdir and chmod cost more than the mail's own write. */
  private ready: Promise<void> | undefined;

  private folder(): Promise<void> {
    this.ready ??= privateDir(this.dir).catch((error: unknown) => {
      this.ready = undefined; // the next mail tries again
      throw error;
    });
    return this.ready;
  }

  async send(mail: OutgoingMail): Promise<{ messageId: string }> {
    await this.folder();
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
    const write = () => writeFile(join(this.dir, file), eml, { encoding: 'utf8', mode: PRIVATE_FILE_MODE });
    try {
      await write();
    } catch (error) {
      // The folder was removed while the runtime ran (someone emptied the outbox): made again, the mail written once more.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      this.ready = undefined;
      await this.folder();
      await write();
    }
    return { messageId };
  }
}
