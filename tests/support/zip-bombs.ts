/**
 * Zip bombs shaped as `.xlsx` workbooks, built with fflate's streaming zip (no 200 MB buffer is
 * ever held): parts of zeros inflate a thousand times, and a directory can be made to lie.
 */
import { strToU8, Zip, ZipDeflate } from 'fflate';

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"></Types>';

/** A part: its text, or so many MiB of zero bytes. */
export type Part = string | { zerosMiB: number };

/** A zip of these parts, each deflated (level 9), built a MiB at a time. */
export function zipOf(parts: Record<string, Part>): Uint8Array {
  const chunks: Uint8Array[] = [];
  const zip = new Zip((error, chunk) => {
    if (error) throw error;
    chunks.push(chunk);
  });
  const mib = new Uint8Array(2 ** 20);
  for (const [name, part] of Object.entries(parts)) {
    const file = new ZipDeflate(name, { level: 9 });
    zip.add(file);
    if (typeof part === 'string') file.push(strToU8(part), true);
    else for (let i = 0; i < part.zerosMiB; i++) file.push(mib, i === part.zerosMiB - 1);
  }
  zip.end();
  return Buffer.concat(chunks);
}

/** A workbook-shaped zip whose first sheet is so many MiB of zeros. */
export const bomb = (zerosMiB: number): Uint8Array =>
  zipOf({ '[Content_Types].xml': CONTENT_TYPES, 'xl/worksheets/sheet1.xml': { zerosMiB } });

/** A zip whose central directory declares `declared` bytes for the entry `name` (whatever it really holds). */
export function lyingAbout(zip: Uint8Array, name: string, declared: number): Uint8Array {
  const bytes = new Uint8Array(zip);
  const view = new DataView(bytes.buffer);
  for (let at = 0; at + 46 < bytes.length; at++) {
    if (view.getUint32(at, true) !== 0x02014b50) continue;
    const nameLength = view.getUint16(at + 28, true);
    if (Buffer.from(bytes.subarray(at + 46, at + 46 + nameLength)).toString('latin1') === name) {
      view.setUint32(at + 24, declared, true);
      return bytes;
    }
  }
  throw new Error(`no entry ${name}`);
}
