import { describe, expect, it } from 'vitest';
import { csvCell, csvDocument } from '../../domain/csv-export.ts';

describe('CSV cells (OWASP CSV injection)', () => {
  it.each([
    ['=1+1', `"'=1+1"`],
    ['+cmd|calc', `"'+cmd|calc"`],
    ['-2+3', `"'-2+3"`],
    ['@SUM(A1)', `"'@SUM(A1)"`],
    ['\tcmd', `"'\tcmd"`],
    ['\rcmd', `"'\rcmd"`],
    ['=A1;"x"', `"'=A1;""x"""`],
  ])('neutralises %j', (value, cell) => expect(csvCell(value)).toBe(cell));

  it.each([
    ['-1 234,56', '-1 234,56'],
    ['12,5', '12,5'],
    ['Atelier Solidaire', 'Atelier Solidaire'],
    ['a;b', '"a;b"'],
    ['', ''],
  ])('leaves %j as it is or only quoted', (value, cell) => expect(csvCell(value)).toBe(cell));

  it('writes a document with a BOM, `;` and CRLF', () => {
    expect(
      csvDocument([
        ['a', '=b'],
        ['-3,00', 'c'],
      ]),
    ).toBe(`\uFEFFa;"'=b"\r\n-3,00;c\r\n`);
  });
});
