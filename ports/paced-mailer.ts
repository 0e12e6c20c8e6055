import pThrottle from 'p-throttle';
import type { Mailer, OutgoingMail } from './mailer.ts';

/**
 * A mailer that sends at most `perSecond` mails a second, whatever asks it to send: a sliding-window
 * limiter (p-throttle, strict) in front of `inner`, so that a campaign is throttled by us rather
 * than by SES. The rate is read once, at the first mail (in AWS, SES's GetAccount: once per cold
 * start); undefined sends without pacing.
 */
export function pacedMailer(inner: Mailer, perSecond: () => Promise<number | undefined>): Mailer {
  let sender: Promise<(mail: OutgoingMail) => Promise<{ messageId: string }>> | undefined;
  const senderOf = async () => {
    const rate = await perSecond();
    if (rate === undefined) return (mail: OutgoingMail) => inner.send(mail);
    // A window of one second holds `rate` mails; under one a second, one mail per 1/rate seconds.
    const limit = Math.max(1, Math.floor(rate));
    return pThrottle({ limit, interval: Math.ceil((1000 * limit) / rate), strict: true })((mail: OutgoingMail) => inner.send(mail));
  };
  return {
    send: async (mail) => {
      sender ??= senderOf();
      return (await sender)(mail);
    },
  };
}

/** The share of an account's sending rate one sender may use when `senders` send at once (each paced alone). */
export const rateShare = (accountRate: number, senders: number): number => accountRate / Math.max(1, senders);
