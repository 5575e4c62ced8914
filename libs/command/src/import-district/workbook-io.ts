import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { CsvTooLong, DomainError, parseCsv } from '@erp/domain';
import { DistrictSheets, IMPORT_KINDS, ImportKind, SheetRow, SHEETS } from './district-sheets';

/** Upload limits: a district's workbook is a few MB; more is a mistake or an attack (a zip bomb). */
export const IMPORT_LIMITS = {
  fileBytes: 20 * 1024 * 1024,
  /** What the workbook's parts may unpack to, all together. */
  unpackedBytes: 200 * 1024 * 1024,
  rowsPerSheet: 50_000,
} as const;

function refused(code: string, message: string, status: 'invalid' = 'invalid'): DomainError {
  return new DomainError(code, status, message);
}

/** A cell as text, whatever Excel stored (number, date, rich text, formula result), trimmed. */
function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return v.trim();
  if (v instanceof Date) return v.toISOString();
  return (cell.text ?? '').trim();
}

/** Reads the sheets the workbook has, by their Chinese names; the heading row names the columns. */
export async function readWorkbook(buffer: Buffer): Promise<DistrictSheets> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(buffer);
  } catch {
    throw refused('IMPORT.NOT_A_WORKBOOK', '不是 xlsx 工作簿 the file is not an .xlsx workbook');
  }
  // Declared sizes of every part before anything is unpacked: a zip bomb stops here.
  let unpacked = 0;
  zip.forEach((_path, file) => {
    if (file.dir) return;
    const size = (file as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize;
    unpacked += typeof size === 'number' ? size : IMPORT_LIMITS.unpackedBytes;
  });
  if (unpacked > IMPORT_LIMITS.unpackedBytes) {
    throw refused(
      'IMPORT.TOO_LARGE',
      `工作簿解压后过大 the workbook unpacks to more than ${IMPORT_LIMITS.unpackedBytes} bytes`,
    );
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw refused('IMPORT.NOT_A_WORKBOOK', '无法读取工作簿 the workbook could not be read');
  }
  const sheets: DistrictSheets = {};
  for (const kind of IMPORT_KINDS) {
    const sheet = workbook.getWorksheet(SHEETS[kind].name);
    if (!sheet) continue;
    if (sheet.rowCount > IMPORT_LIMITS.rowsPerSheet + 1) {
      throw refused(
        'IMPORT.TOO_MANY_ROWS',
        `${SHEETS[kind].name}: more than ${IMPORT_LIMITS.rowsPerSheet} rows`,
      );
    }
    const headings: string[] = [];
    sheet.getRow(1).eachCell({ includeEmpty: true }, (cell, col) => (headings[col] = cellText(cell)));
    const rows: SheetRow[] = [];
    sheet.eachRow((row, number) => {
      if (number === 1) return;
      // Every column the sheet has, empty ones too: an absent column (keep what is stored) is not an empty cell.
      const cells: Record<string, string> = {};
      for (const heading of headings) if (heading) cells[heading] = '';
      let any = false;
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        const heading = headings[col];
        if (!heading) return;
        cells[heading] = cellText(cell);
        any ||= cells[heading] !== '';
      });
      if (any) rows.push({ row: number, cells });
    });
    sheets[kind] = rows;
  }
  if (Object.keys(sheets).length === 0) {
    throw refused(
      'IMPORT.NO_SHEETS',
      `工作簿中没有可导入的工作表 none of the sheets ${IMPORT_KINDS.map((k) => SHEETS[k].name).join('、')}`,
    );
  }
  return sheets;
}

/** One CSV (UTF-8, a BOM allowed; RFC 4180 quotes) of one kind, its first line the headings. */
export function readCsv(text: string, kind: ImportKind): DistrictSheets {
  let lines: string[][];
  try {
    // The headings' line comes on top of the sheet's rows.
    lines = parseCsv(text, IMPORT_LIMITS.rowsPerSheet + 1);
  } catch (e) {
    if (e instanceof CsvTooLong) {
      throw refused('IMPORT.TOO_MANY_ROWS', `more than ${IMPORT_LIMITS.rowsPerSheet} rows`);
    }
    throw e;
  }
  const [headings = [], ...data] = lines;
  const rows: SheetRow[] = [];
  data.forEach((values, i) => {
    const cells: Record<string, string> = {};
    headings.forEach((h, j) => (cells[h.trim()] = (values[j] ?? '').trim()));
    if (Object.values(cells).some((v) => v !== '')) rows.push({ row: i + 2, cells });
  });
  return { [kind]: rows };
}

/** A workbook of the given sheets, each with its headings first; cells are text, as a bureau types them. */
export async function writeWorkbook(rows: Record<ImportKind, Record<string, string>[]>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const kind of IMPORT_KINDS) {
    const { name, headings } = SHEETS[kind];
    const sheet = workbook.addWorksheet(name);
    sheet.addRow([...headings]).font = { bold: true };
    for (const r of rows[kind]) sheet.addRow(headings.map((h) => r[h] ?? ''));
    headings.forEach((_, i) => (sheet.getColumn(i + 1).width = 16));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
