import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../domain/errors.ts';
import { HttpError, type HttpEvent, spreadsheetBody } from '../../functions/common/http.ts';

const event = (body: string | undefined, isBase64Encoded: boolean, contentType = 'text/csv'): HttpEvent =>
  ({ headers: { 'content-type': contentType }, body, isBase64Encoded }) as unknown as HttpEvent;

describe('an uploaded body as bytes', () => {
  it('decodes a base64 body to the bytes sent, not to UTF-8 text', () => {
    // « Été » in Windows-1252: 0xC9 is not UTF-8 on its own, so the gateway base64-encodes it.
    const sent = Uint8Array.from([0xc9, 0x74, 0xe9, 0x92]);
    const { bytes, charset } = spreadsheetBody(event(Buffer.from(sent).toString('base64'), true, 'Text/CSV; Charset="windows-1252"'));
    expect([...bytes]).toEqual([...sent]);
    expect(charset).toBe('windows-1252');
  });

  it('takes a text body as its UTF-8 bytes, and refuses one whose characters the gateway already lost', () => {
    expect(Buffer.from(spreadsheetBody(event('Été', false)).bytes).toString('utf8')).toBe('Été');
    expect(() => spreadsheetBody(event('\uFFFDt\uFFFD', false))).toThrow(ValidationError);
    expect(() => spreadsheetBody(event(undefined, false))).toThrow(ValidationError);
  });

  it('takes what browsers and scripts label a spreadsheet, and nothing else (415)', () => {
    for (const type of [
      'application/vnd.ms-excel',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/octet-stream',
    ])
      expect(spreadsheetBody(event('a', false, type)).bytes).toHaveLength(1);
    expect(() => spreadsheetBody(event('{}', false, 'application/json'))).toThrow(HttpError);
  });
});
