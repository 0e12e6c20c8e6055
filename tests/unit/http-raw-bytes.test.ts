import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../domain/errors.ts';
import { type HttpEvent, rawBytes } from '../../functions/shared/http.ts';

const event = (body: string | undefined, isBase64Encoded: boolean, contentType = 'text/csv'): HttpEvent =>
  ({ headers: { 'content-type': contentType }, body, isBase64Encoded }) as unknown as HttpEvent;

describe('an uploaded body as bytes', () => {
  it('decodes a base64 body to the bytes sent, not to UTF-8 text', () => {
    // « Été » in Windows-1252: 0xC9 is not UTF-8 on its own, so the gateway base64-encodes it.
    const sent = Uint8Array.from([0xc9, 0x74, 0xe9, 0x92]);
    const { bytes, mediaType, charset } = rawBytes(event(Buffer.from(sent).toString('base64'), true, 'Text/CSV; Charset="windows-1252"'));
    expect([...bytes]).toEqual([...sent]);
    expect({ mediaType, charset }).toEqual({ mediaType: 'text/csv', charset: 'windows-1252' });
  });

  it('takes a text body as its UTF-8 bytes, and refuses one whose characters the gateway already lost', () => {
    expect(Buffer.from(rawBytes(event('Été', false)).bytes).toString('utf8')).toBe('Été');
    expect(() => rawBytes(event('\uFFFDt\uFFFD', false))).toThrow(ValidationError);
    expect(() => rawBytes(event(undefined, false))).toThrow(ValidationError);
  });
});
