/**
 * RFC 4180 CSV reading for lead import: quoted fields with "" escapes, commas and line breaks
 * inside quotes, CRLF or LF, a UTF-8 BOM (Excel writes one). Returns rows of cells exactly as
 * written; a quote left open at the end is an error (the file is cut off), never a guess.
 */
export class CsvError extends Error {
  constructor(
    readonly code: 'unterminatedQuote' | 'quoteInField',
    readonly line: number,
  ) {
    super(`CSV ${code} at line ${line}`);
    this.name = 'CsvError';
  }
}

export function parseCsv(text: string): string[][] {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let afterQuote = false; // just closed a quoted field: only a separator may follow
  let line = 1;
  let quoteLine = 1;
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (quoted) {
      if (c === '"') {
        if (input[i + 1] === '"') {
          cell += '"';
          i++;
        } else {
          quoted = false;
          afterQuote = true;
        }
      } else {
        if (c === '\n') line++;
        cell += c;
      }
      continue;
    }
    if (c === ',') {
      row.push(cell);
      cell = '';
      afterQuote = false;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && input[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      afterQuote = false;
      line++;
    } else if (c === '"' && cell === '' && !afterQuote) {
      quoted = true;
      quoteLine = line;
    } else if (c === '"' || afterQuote) {
      throw new CsvError('quoteInField', line);
    } else {
      cell += c;
    }
  }
  if (quoted) throw new CsvError('unterminatedQuote', quoteLine);
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  // Blank lines (a trailing newline, spacer rows) carry no lead.
  return rows.filter((r) => r.some((value) => value !== ''));
}
