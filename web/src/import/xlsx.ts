/**
 * Reads the first worksheet of an .xlsx file into rows of cell text — just enough of Office
 * Open XML for lead import: a ZIP (stored or deflated entries, inflated by the platform's
 * DecompressionStream), the workbook's first sheet, shared and inline strings. Formulas give
 * their cached value; styles and dates are not interpreted (a lead sheet holds text).
 * Anything that is not a readable workbook is an XlsxError, never a partial sheet.
 */
export class XlsxError extends Error {
  constructor(readonly code: 'notZip' | 'noSheet' | 'unsupportedCompression' | 'badXml') {
    super(`XLSX ${code}`);
    this.name = 'XlsxError';
  }
}

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  localHeaderOffset: number;
}

function zipEntries(bytes: Uint8Array): Map<string, ZipEntry> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // End of central directory: the last 0x06054b50 within the final 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65_557); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new XlsxError('notZip');
  const count = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  const entries = new Map<string, ZipEntry>();
  const decoder = new TextDecoder();
  for (let n = 0; n < count; n++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== 0x02014b50) throw new XlsxError('notZip');
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    const name = decoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLength));
    entries.set(name, {
      name,
      method: view.getUint16(offset + 10, true),
      compressedSize: view.getUint32(offset + 20, true),
      localHeaderOffset: view.getUint32(offset + 42, true),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

async function readEntry(bytes: Uint8Array, entry: ZipEntry): Promise<string> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localHeaderOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== 0x04034b50) throw new XlsxError('notZip');
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const data = bytes.slice(start, start + entry.compressedSize);
  if (entry.method === 0) return new TextDecoder().decode(data);
  if (entry.method !== 8) throw new XlsxError('unsupportedCompression');
  const stream = new Blob([data]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return new TextDecoder().decode(await new Response(stream).arrayBuffer());
}

function parseXml(text: string): Document {
  const doc = new DOMParser().parseFromString(text, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length > 0) throw new XlsxError('badXml');
  return doc;
}

/** Elements by local name, whatever prefix the producer used. */
function byName(node: Document | Element, localName: string): Element[] {
  return Array.from(node.getElementsByTagName('*')).filter((e) => (e.localName ?? e.tagName) === localName);
}

/** Visible text of a string item: its <t> runs, without phonetic guides (<rPh>). */
function stringItemText(item: Element): string {
  return byName(item, 't')
    .filter((t) => !t.parentElement || (t.parentElement.localName ?? t.parentElement.tagName) !== 'rPh')
    .map((t) => t.textContent ?? '')
    .join('');
}

/** "BC12" → 54 (0-based column index). */
function columnIndex(ref: string): number {
  let index = 0;
  for (const ch of ref) {
    const code = ch.charCodeAt(0);
    if (code < 65 || code > 90) break;
    index = index * 26 + (code - 64);
  }
  return index - 1;
}

async function firstSheetPath(bytes: Uint8Array, entries: Map<string, ZipEntry>): Promise<string> {
  const workbook = entries.get('xl/workbook.xml');
  const rels = entries.get('xl/_rels/workbook.xml.rels');
  if (workbook && rels) {
    const sheet = byName(parseXml(await readEntry(bytes, workbook)), 'sheet')[0];
    const id = sheet?.getAttribute('r:id') ?? sheet?.getAttributeNS('http://schemas.openxmlformats.org/officeDocument/2006/relationships', 'id');
    const target = byName(parseXml(await readEntry(bytes, rels)), 'Relationship').find((r) => r.getAttribute('Id') === id)?.getAttribute('Target');
    if (target) {
      const path = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
      if (entries.has(path)) return path;
    }
  }
  const fallback = [...entries.keys()].filter((name) => /^xl\/worksheets\/[^/]+\.xml$/.test(name)).sort()[0];
  if (!fallback) throw new XlsxError('noSheet');
  return fallback;
}

export async function parseXlsx(buffer: ArrayBuffer): Promise<string[][]> {
  const bytes = new Uint8Array(buffer);
  const entries = zipEntries(bytes);
  const sharedEntry = entries.get('xl/sharedStrings.xml');
  const shared = sharedEntry ? byName(parseXml(await readEntry(bytes, sharedEntry)), 'si').map(stringItemText) : [];
  const sheet = parseXml(await readEntry(bytes, entries.get(await firstSheetPath(bytes, entries))!));
  const rows: string[][] = [];
  for (const row of byName(sheet, 'row')) {
    const cells: string[] = [];
    let next = 0;
    for (const cell of byName(row, 'c')) {
      const ref = cell.getAttribute('r');
      const index = ref ? columnIndex(ref) : next;
      next = index + 1;
      const type = cell.getAttribute('t');
      const value = byName(cell, 'v')[0]?.textContent ?? '';
      let text: string;
      if (type === 's') text = shared[Number(value)] ?? '';
      else if (type === 'inlineStr') text = byName(cell, 'is').map(stringItemText).join('');
      else if (type === 'b') text = value === '1' ? 'TRUE' : value === '0' ? 'FALSE' : value;
      else text = value;
      while (cells.length < index) cells.push('');
      cells[index] = text;
    }
    rows.push(cells);
  }
  return rows.filter((r) => r.some((value) => value !== ''));
}
