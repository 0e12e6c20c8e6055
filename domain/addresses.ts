import * as z from 'zod';

/**
 * The addresses a deployment and a pôle are configured with — the sender of mails, where the
 * pages are reached, which sites may call the API — defined once: the functions' configuration
 * (ports/config.ts), the pôle's set-up and the stack's context (infra/context.ts) check them with
 * these same schemas, so a value the stack accepts is one the runtime accepts.
 */

/** An e-mail address (a sender, a committee, an admin). */
export const emailAddressSchema = z.email({ message: 'Adresse e-mail invalide.' }).max(254);

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Whether a URL names this machine (the embedded runtime, a developer's browser). */
export const isLoopback = (url: URL): boolean => LOOPBACK_HOSTS.has(url.hostname);

const asUrl = (text: string): URL | undefined => {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
};

/**
 * Where people reach the pages (the links in mails lead there): an https address, or http on
 * this machine when `loopback` allows it (the embedded runtime); no query, no fragment. Read
 * without its trailing slash.
 */
export const baseUrlSchema = ({ loopback }: { loopback: boolean }) =>
  z
    .string()
    .trim()
    .superRefine((text, ctx) => {
      const url = asUrl(text);
      if (!url || !['https:', 'http:'].includes(url.protocol) || url.search || url.hash || url.username || url.password) {
        ctx.addIssue({
          code: 'custom',
          params: { rule: 'base_url' },
          message: 'Adresse attendue comme https://pole.example.fr (sans paramètres ni #).',
        });
      } else if (url.protocol === 'http:' && !(loopback && isLoopback(url))) {
        ctx.addIssue({
          code: 'custom',
          params: { rule: 'https' },
          message: loopback
            ? 'Adresse en https attendue (http seulement pour localhost ou 127.0.0.1).'
            : 'Adresse en https attendue : les liens des mails mènent au site déployé.',
        });
      }
    })
    .transform((text) => text.replace(/\/+$/, ''));

/**
 * An origin whose pages may call the API from a browser (CORS): `https://host[:port]`, nothing
 * after it; http only on this machine when `loopback` allows it. Never `*`: admin routes carry tokens.
 */
export const originSchema = ({ loopback }: { loopback: boolean }) =>
  z
    .string()
    .trim()
    .refine(
      (text) => {
        const url = asUrl(text);
        return !!url && url.origin === text && (url.protocol === 'https:' || (url.protocol === 'http:' && loopback && isLoopback(url)));
      },
      {
        params: { rule: 'origin' },
        message: loopback
          ? 'Origine attendue comme https://www.example.fr (sans chemin ni / final ; http seulement pour localhost).'
          : 'Origine attendue comme https://www.example.fr (sans chemin ni / final).',
      },
    );
