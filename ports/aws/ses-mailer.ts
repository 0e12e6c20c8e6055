import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mailConfig } from '../config.ts';
import type { Mailer, OutgoingMail } from '../mailer.ts';

/** The Mailer port on Amazon SES v2: a thin mapping, unit-tested with aws-sdk-client-mock. */
export class SesMailer implements Mailer {
  constructor(private readonly client = new SESv2Client({})) {}

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
