import { CsvTooLong, parseCsv } from './csv';

describe('parseCsv', () => {
  it('reads quoted fields, doubled quotes and line breaks inside quotes, after a BOM', () => {
    expect(parseCsv('\uFEFFa,"b,c","say ""hi"""\r\n1,"two\nlines",3')).toEqual([
      ['a', 'b,c', 'say "hi"'],
      ['1', 'two\nlines', '3'],
    ]);
  });

  it('ends a row at CRLF, LF or CR alike, and keeps a trailing empty cell', () => {
    expect(parseCsv('a,b\nc,\rd,e\r\n')).toEqual([
      ['a', 'b'],
      ['c', ''],
      ['d', 'e'],
    ]);
  });

  it('refuses more rows than allowed, counting the last one without a line break', () => {
    expect(parseCsv('1\n2\n3', 3)).toHaveLength(3);
    expect(() => parseCsv('1\n2\n3\n4', 3)).toThrow(CsvTooLong);
    expect(() => parseCsv('1\n2\n3\n4\n5\n', 3)).toThrow(CsvTooLong);
  });
});
