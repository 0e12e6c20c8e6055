import { GetAccountCommand, SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mailConfig } from '../config.ts';
import type { Mailer, OutgoingMail } from '../mailer.ts';
import { rateShare } from '../paced-mailer.ts';

/** SES's sending rate in the sandbox, and what this sender assumes when the account's cannot be read. */
export const SANDBOX_SEND_RATE = 1;

/** The Mailer port on Amazon SES v2: a thin mapping, unit-tested with aws-sdk-client-mock. */
export class SesMailer implements Mailer {
  constructor(private readonly client = new SESv2Client({})) {}

  /**
   * The mails a second this sender may send: MAIL_MAX_SEND_RATE if set, else the account's
   * MaxSendRate (GetAccount), shared among MAIL_CONCURRENT_SENDERS. The pacing asks once per
   * instance, so once per cold start; when SES cannot say, the sandbox's 1 a second.
   */
  async sendRate(): Promise<number> {
    const { MAIL_MAX_SEND_RATE, MAIL_CONCURRENT_SENDERS } = mailConfig();
    const account =
      MAIL_MAX_SEND_RATE ??
      (await this.client.send(new GetAccountCommand({})).then(
        (r) => r.SendQuota?.MaxSendRate ?? SANDBOX_SEND_RATE,
        () => SANDBOX_SEND_RATE,
      ));
    return rateShare(account, MAIL_CONCURRENT_SENDERS);
  }

  async send(mail: OutgoingMail): Promise<{ messageId: string }> {
    const { MAIL_FROM, SES_CONFIGURATION_SET } = mailConfig();
    const result = await this.client.send(
      new SendEmailCommand({
        FromEmailAddress: MAIL_FROM,
        Destination: { ToAddresses: [mail.to] },
        Content: {
          Simple: {
            Subject: { Data: mail.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: mail.text, Charset: 'UTF-8' } },
          },
        },
        ...(SES_CONFIGURATION_SET && { ConfigurationSetName: SES_CONFIGURATION_SET }),
      }),
    );
    if (!result.MessageId) throw new Error('SES accepted the mail without a MessageId');
    return { messageId: result.MessageId };
  }
}
