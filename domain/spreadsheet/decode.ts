import { TextDecoder } from 'node:util';
import { refuseFile } from './sheet.ts';

/**
 * Bytes → text, as French spreadsheets save CSV: UTF-8 with or without a BOM (« CSV UTF-8 »),
 * Windows-1252 (Excel's default « CSV (séparateur : point-virgule) » on a French Windows), or
 * UTF-16 with a BOM (« Texte Unicode »). A `charset` the sender declares is honoured; otherwise
 * the bytes decide: a BOM, else UTF-8 if they are valid UTF-8, else Windows-1252 (every byte is
 * a character there, and a file that is not UTF-8 is almost never valid UTF-8 by chance).
 */
export function decodeText(bytes: Uint8Array, charset?: string): { text: string; encoding: string } {
  if (charset) {
    let decoder: TextDecoder;
    try {
      decoder = new TextDecoder(charset.trim().toLowerCase(), { fatal: true });
    } catch {
      throw refuseFile('encoding', `Encodage « ${charset} » inconnu (annoncé par l’en-tête Content-Type).`);
    }
    if (decoder.encoding === 'windows-1252') return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
    try {
      return { text: decoder.decode(bytes), encoding: decoder.encoding };
    } catch {
      throw refuseFile(
        'encoding',
        `Le fichier est annoncé en ${decoder.encoding} mais n’en est pas : envoyez-le sans préciser d’encodage, ou enregistrez-le en « CSV UTF-8 ».`,
      );
    }
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes), encoding: 'utf-16be' };
  try {
    // The decoder drops a UTF-8 BOM itself.
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
  }
}

/** What Windows-1252 puts in 0x80–0x9F, where ISO-8859-1 has control codes (€, ’, œ, the dashes…); 0xFFFD where it has nothing. */
const CP1252_HIGH =
  '\u20ac\ufffd\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\ufffd\u017d\ufffd' +
  '\ufffd\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\ufffd\u017e\u0178';

/**
 * Windows-1252 → text. Node 20's TextDecoder decodes this label as ISO-8859-1, turning ’ œ € and
 * the dashes of French text into invisible control codes: the bytes are read as ISO-8859-1 (at
 * native speed), then 0x80–0x9F are put right from this table.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('latin1')
    .replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!);
}
