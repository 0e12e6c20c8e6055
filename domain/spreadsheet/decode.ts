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
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
  }
}
