import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutboxMailer } from '../../local/outbox.ts';

/**
 * The embedded runtime's mailer makes its folder private once, not before every mail: these
 * check that each mail still lands, owner-only, in an owner-only folder, including when the
 * folder was removed, or could not be made, between two mails.
 */
let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'outbox-test-'));
});
afterEach(async () => {
  await chmod(root, 0o700).catch(() => undefined);
  await rm(root, { recursive: true, force: true });
});

const mail = (i: number) => ({ to: `rh-${i}@example.fr`, subject: `Enquête n° ${i}`, text: `Bonjour ${i}` });
const mailer = (dir: string) => new OutboxMailer(dir, 'ne-pas-repondre@pole.example.fr', () => new Date('2026-11-30T10:00:00Z'));
const bodies = async (dir: string) =>
  Promise.all(
    (await readdir(dir)).sort().map(async (f) => {
      const eml = await readFile(join(dir, f), 'utf8');
      return Buffer.from(eml.split('\r\n\r\n')[1]!.replace(/\r\n/g, ''), 'base64').toString('utf8');
    }),
  );

describe('OutboxMailer', () => {
  it('writes each of many concurrent mails owner-only in a folder it creates owner-only', async () => {
    const dir = join(root, 'outbox');
    const outbox = mailer(dir);
    await Promise.all(Array.from({ length: 20 }, (_, i) => outbox.send(mail(i))));
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    const files = await readdir(dir);
    expect(files).toHaveLength(20);
    for (const f of files) expect((await stat(join(dir, f))).mode & 0o777).toBe(0o600);
    expect((await bodies(dir)).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `Bonjour ${i}`).sort());
  });

  it('tightens a folder an earlier version left open', async () => {
    const dir = join(root, 'outbox');
    await mailer(dir).send(mail(0));
    await chmod(dir, 0o755);
    await mailer(dir).send(mail(1));
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
  });

  it('makes the folder again when it was removed after the first mail, and the next mail lands once', async () => {
    const dir = join(root, 'outbox');
    const outbox = mailer(dir);
    await outbox.send(mail(1));
    await rm(dir, { recursive: true });
    await outbox.send(mail(2));
    expect(await bodies(dir)).toEqual(['Bonjour 2']);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
  });

  it('fails a mail whose folder cannot be made, and tries again at the next mail', async () => {
    const dir = join(root, 'locked', 'outbox');
    const outbox = mailer(dir);
    // A file where the parent folder should be: the folder cannot be made (a chmod would not stop root).
    await writeFile(join(root, 'locked'), '');
    await expect(outbox.send(mail(1))).rejects.toMatchObject({ code: expect.stringMatching(/^(EEXIST|ENOTDIR)$/) });
    await rm(join(root, 'locked'));
    await outbox.send(mail(2));
    expect(await bodies(dir)).toEqual(['Bonjour 2']);
  });
});
