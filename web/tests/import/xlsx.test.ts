import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { XlsxError, parseXlsx } from '@/import/xlsx';

/** A minimal ZIP writer for building test workbooks (deflated or stored entries). */
function zip(files: Record<string, string>, deflate = true): ArrayBuffer {
  const encoder = new TextEncoder();
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const nameBytes = encoder.encode(name);
    const raw = encoder.encode(text);
    const data = deflate ? new Uint8Array(deflateRawSync(raw)) : raw;
    const local = new Uint8Array(30 + nameBytes.length + data.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(8, deflate ? 8 : 0, true);
    lv.setUint32(18, data.length, true);
    lv.setUint32(22, raw.length, true);
    lv.setUint16(26, nameBytes.length, true);
    local.set(nameBytes, 30);
    local.set(data, 30 + nameBytes.length);
    const central = new Uint8Array(46 + nameBytes.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(10, deflate ? 8 : 0, true);
    cv.setUint32(20, data.length, true);
    cv.setUint32(24, raw.length, true);
    cv.setUint16(28, nameBytes.length, true);
    cv.setUint32(42, offset, true);
    central.set(nameBytes, 46);
    locals.push(local);
    centrals.push(central);
    offset += local.length;
  }
  const centralSize = centrals.reduce((n, c) => n + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, centrals.length, true);
  ev.setUint16(10, centrals.length, true);
  ev.setUint32(12, centralSize, true);
  ev.setUint32(16, offset, true);
  const all = new Uint8Array(offset + centralSize + 22);
  let at = 0;
  for (const part of [...locals, ...centrals, end]) {
    all.set(part, at);
    at += part.length;
  }
  return all.buffer;
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const workbook = (sheetTarget: string) => ({
  'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8"?><workbook ${NS}><sheets><sheet name="线索" sheetId="1" r:id="rId7"/></sheets></workbook>`,
  'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="${sheetTarget}"/></Relationships>`,
});
const shared = `<?xml version="1.0" encoding="UTF-8"?><sst ${NS} count="4" uniqueCount="4"><si><t>姓名</t></si><si><t>电话</t></si><si><r><t>王</t></r><r><t>磊</t></r><rPh><t>ワン</t></rPh></si><si><t xml:space="preserve"> A&amp;B 公司 </t></si></sst>`;
const sheet = `<?xml version="1.0" encoding="UTF-8"?><worksheet ${NS}><sheetData>
  <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="D1" t="inlineStr"><is><t>公司</t></is></c></row>
  <row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>13800138000</v></c><c r="D2" t="s"><v>3</v></c></row>
  <row r="3"/>
  <row r="4"><c r="A4" t="str"><f>CONCAT("李","娜")</f><v>李娜</v></c><c r="C4" t="b"><v>1</v></c></row>
</sheetData></worksheet>`;

describe('XLSX reading', () => {
  it('reads the workbook\'s first sheet: shared, inline and formula strings, numbers, gaps', async () => {
    const file = zip({ ...workbook('worksheets/sheet2.xml'), 'xl/sharedStrings.xml': shared, 'xl/worksheets/sheet1.xml': '<worksheet/>', 'xl/worksheets/sheet2.xml': sheet });
    expect(await parseXlsx(file)).toEqual([
      ['姓名', '电话', '', '公司'],
      ['王磊', '13800138000', '', ' A&B 公司 '],
      ['李娜', '', 'TRUE'],
    ]);
  });

  it('reads stored (uncompressed) entries and finds a sheet without workbook relations', async () => {
    const file = zip({ 'xl/worksheets/sheet1.xml': sheet, 'xl/sharedStrings.xml': shared }, false);
    expect((await parseXlsx(file))[1]).toEqual(['王磊', '13800138000', '', ' A&B 公司 ']);
  });

  it('refuses a file that is not a workbook', async () => {
    await expect(parseXlsx(new TextEncoder().encode('姓名,电话\n王磊,1').buffer)).rejects.toBeInstanceOf(XlsxError);
    await expect(parseXlsx(zip({ 'word/document.xml': '<w/>' }))).rejects.toMatchObject({ code: 'noSheet' });
  });
});
