/**
 * Reads CSV the way a spreadsheet writes it (RFC 4180: quoted fields, doubled quotes; CRLF, LF or CR line
 * ends), after a byte-order mark. Refuses (`CsvTooLong`) a text of more than `maxRows` rows as soon as it
 * gets there, so an oversized upload is not read to its end.
 */
export function parseCsv(text: string, maxRows = Number.POSITIVE_INFINITY): string[][] {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && body[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      if (rows.length > maxRows) throw new CsvTooLong(maxRows);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell || row.length) rows.push([...row, cell]);
  if (rows.length > maxRows) throw new CsvTooLong(maxRows);
  return rows;
}

export class CsvTooLong extends Error {
  constructor(readonly maxRows: number) {
    super(`more than ${maxRows} rows`);
  }
}
