import { Inflate } from 'fflate';
import { MAX_XLSX_ENTRIES, MAX_XLSX_RATIO, MAX_XLSX_UNZIPPED_BYTES } from '../limits.ts';
import { runPaced, type Steps } from '../pace.ts';
import { refuseFile } from './sheet.ts';

/** One entry of a zip's central directory: where its data starts, how it is compressed, the sizes it declares. */
interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  dataStart: number;
}

const u16 = (d: Uint8Array, at: number): number => (d[at]! | (d[at + 1]! << 8)) >>> 0;
const u32 = (d: Uint8Array, at: number): number => (d[at]! | (d[at + 1]! << 8) | (d[at + 2]! << 16) | (d[at + 3]! << 24)) >>> 0;
const u64 = (d: Uint8Array, at: number): number => u32(d, at) + u32(d, at + 4) * 2 ** 32;
const FULL = 0xffffffff;

/**
 * The entries of a zip's central directory, read as fflate reads them (read-excel-file unzips with
 * fflate: the same end record, the same ZIP64 fields, the same entries); undefined where fflate
 * would find no readable zip.
 */
export function zipEntries(d: Uint8Array): ZipEntry[] | undefined {
  let end = d.length - 22;
  while (end > 0 && d.length - end <= 65558 && u32(d, end) !== 0x06054b50) end -= 1;
  if (end <= 0 || d.length - end > 65558) return undefined;
  let count = u16(d, end + 8);
  let at = u32(d, end + 16);
  let zip64 = u32(d, end - 20) === 0x07064b50;
  if (zip64) {
    const end64 = u32(d, end - 12);
    zip64 = u32(d, end64) === 0x06064b50;
    if (zip64) [count, at] = [u32(d, end64 + 32), u32(d, end64 + 48)];
  }
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > d.length) return undefined;
    const nameLength = u16(d, at + 28);
    const extraStart = at + 46 + nameLength;
    const extraEnd = extraStart + u16(d, at + 30);
    let [compressedSize, size, offset] = [u32(d, at + 20), u32(d, at + 24), u32(d, at + 42)];
    if (compressedSize === FULL || size === FULL || offset === FULL) {
      // The real values are in the entry's ZIP64 extra field (id 1), in this order, only those that overflow.
      let field = extraStart;
      while (zip64 && field + 4 < extraEnd && u16(d, field) !== 1) field += 4 + u16(d, field + 2);
      if (!zip64 || field + 4 >= extraEnd) return undefined;
      let next = field + 4;
      const wide = (value: number): number => {
        if (value !== FULL) return value;
        next += 8;
        return u64(d, next - 8);
      };
      [size, compressedSize, offset] = [wide(size), wide(compressedSize), wide(offset)];
    }
    entries.push({
      name: Buffer.from(d.subarray(at + 46, extraStart)).toString('latin1'),
      method: u16(d, at + 10),
      compressedSize,
      size,
      dataStart: offset + 30 + u16(d, offset + 26) + u16(d, offset + 28),
    });
    at = extraEnd + u16(d, at + 32);
  }
  return entries;
}

/** What read-excel-file unzips of a workbook: its XML parts, nothing else. */
const isRead = (entry: ZipEntry): boolean => entry.name.endsWith('.xml') || entry.name.endsWith('.xml.rels');

/** Compressed bytes handed to the inflater at a time: at most about 256 KB out of it (DEFLATE’s ratio is at most 1,032). */
const INFLATE_CHUNK = 256;

/** Whether `data` inflates to at most `cap` bytes: inflated a chunk per step, counted, dropped, stopped past the cap. */
function* inflatesWithin(data: Uint8Array, cap: number): Steps<boolean> {
  let out = 0;
  const inflater = new Inflate((chunk) => {
    out += chunk.length;
  });
  for (let at = 0; at < data.length; at += INFLATE_CHUNK) {
    try {
      inflater.push(data.subarray(at, at + INFLATE_CHUNK), at + INFLATE_CHUNK >= data.length);
    } catch {
      return true; // damaged data: read-excel-file refuses it as unreadable
    }
    if (out > cap) return false;
    yield;
  }
  return true;
}

const megabytes = (bytes: number): string => `${(bytes / 2 ** 20).toLocaleString('fr-FR', { maximumFractionDigits: 0 })} Mo`;

/**
 * Bounds a workbook before anything unzips it (a zip bomb inflates a few MB into gigabytes): the
 * number of entries, the total size its XML parts declare, each part's compression ratio, then
 * each part inflated with a cap at the size it declares (a zip may lie in its directory). Refuses
 * the file naming the limit; a zip it cannot read is left to read-excel-file to refuse.
 */
export async function checkWorkbookZip(bytes: Uint8Array): Promise<void> {
  const entries = zipEntries(bytes);
  if (!entries) return;
  const tooLarge = (why: string) => refuseFile('too_large', `Classeur .xlsx refusé : ${why}. Enregistrez-le en CSV, ou découpez-le.`);
  if (entries.length > MAX_XLSX_ENTRIES)
    throw tooLarge(
      `il contient ${entries.length.toLocaleString('fr-FR')} fichiers internes, pour ${MAX_XLSX_ENTRIES.toLocaleString('fr-FR')} au plus`,
    );
  const read = entries.filter(isRead);
  const declared = read.reduce((sum, e) => sum + e.size, 0);
  if (declared > MAX_XLSX_UNZIPPED_BYTES)
    throw tooLarge(`une fois décompressé, il ferait ${megabytes(declared)}, pour ${megabytes(MAX_XLSX_UNZIPPED_BYTES)} au plus`);
  const inflated = read.find((e) => e.size > 2 ** 20 && e.size > MAX_XLSX_RATIO * e.compressedSize);
  if (inflated)
    throw tooLarge(
      `sa partie « ${inflated.name.slice(0, 60)} » se décompresse ${Math.round(inflated.size / Math.max(1, inflated.compressedSize)).toLocaleString('fr-FR')} fois, pour ${MAX_XLSX_RATIO} au plus`,
    );
  for (const entry of read) {
    if (entry.method !== 8) continue; // stored: its bytes are in the file; another method: unreadable
    if (!(await runPaced(inflatesWithin(bytes.subarray(entry.dataStart, entry.dataStart + entry.compressedSize), entry.size))))
      throw refuseFile(
        'xlsx',
        `Classeur .xlsx endommagé : sa partie « ${entry.name.slice(0, 60)} » est plus grande qu’annoncé. Ouvrez-le dans le tableur et enregistrez-le à nouveau.`,
      );
  }
}
