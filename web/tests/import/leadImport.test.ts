import { describe, expect, it } from 'vitest';
import { ApiError } from '@/api/errors';
import { failureOf, fileKey, outcomeOf, readSheet, reportCsv, runImport, summarize, toIntakeRequest, type ImportSheet, type RowOutcome } from '@/import/leadImport';

const sheet = readSheet([
  ['姓名', 'Phone', '公司', '产品线', '来源备注'],
  ['王磊', '+86 138-0013-8000', '杭州某某医疗器械有限公司', '骨科器械，影像', '展会'],
  ['', '', '', '', 'only a note'],
]) as ImportSheet;

describe('lead import mapping', () => {
  it('recognises zh-CN and English headers and keeps the whole row as payload', () => {
    expect(sheet.columns).toEqual({ name: 0, phone: 1, company: 2, productTags: 3 });
    expect(toIntakeRequest(sheet, sheet.rows[0]!, 'k1')).toEqual({
      idempotencyKey: 'import:k1:2',
      channel: 'LEAD_CHANNEL_FILE_IMPORT',
      name: '王磊',
      phone: '+86 138-0013-8000',
      company: '杭州某某医疗器械有限公司',
      productTags: ['骨科器械', '影像'],
      payload: { 姓名: '王磊', Phone: '+86 138-0013-8000', 公司: '杭州某某医疗器械有限公司', 产品线: '骨科器械，影像', 来源备注: '展会' },
    });
  });

  it('sends an empty row as is: the server, not the importer, decides it is invalid', () => {
    const request = toIntakeRequest(sheet, sheet.rows[1]!, 'k1');
    expect(request).toEqual({ idempotencyKey: 'import:k1:3', channel: 'LEAD_CHANNEL_FILE_IMPORT', payload: expect.any(Object) });
  });

  it('refuses a sheet without any contact column, and an empty one', () => {
    expect(readSheet([['备注', '日期'], ['x', 'y']])).toEqual({ code: 'noContactColumn' });
    expect(readSheet([])).toEqual({ code: 'empty' });
  });

  it('derives the same file key from the same bytes (re-import replays)', async () => {
    const bytes = new TextEncoder().encode('a,b\n1,2').buffer;
    expect(await fileKey(bytes)).toBe(await fileKey(bytes.slice(0)));
    expect(await fileKey(bytes)).not.toBe(await fileKey(new TextEncoder().encode('a,b\n1,3').buffer));
    expect(await fileKey(bytes)).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('import run and report', () => {
  it('classifies answers: created, merged, replayed', () => {
    expect(outcomeOf(2, { leadId: { value: 'L1' } })).toEqual({ rowNumber: 2, status: 'created', leadId: 'L1' });
    expect(outcomeOf(3, { leadId: { value: 'L2' }, duplicateOf: { value: 'L1' } })).toEqual({ rowNumber: 3, status: 'merged', leadId: 'L2', duplicateOf: 'L1' });
    expect(outcomeOf(4, { leadId: { value: 'L1' }, replayed: true })).toEqual({ rowNumber: 4, status: 'replayed', leadId: 'L1' });
  });

  it('reports the server\'s field messages for a refused row', () => {
    const error = new ApiError('validation', { status: 400, problem: { errors: { Phone: ['电话格式不正确'], email: ['邮箱格式不正确', '太长'] } } });
    expect(failureOf(5, error, () => 'x')).toEqual({ rowNumber: 5, status: 'failed', messages: ['phone: 电话格式不正确', 'email: 邮箱格式不正确', 'email: 太长'] });
    expect(failureOf(6, new ApiError('network'), () => '无法连接服务器')).toEqual({ rowNumber: 6, status: 'failed', messages: ['无法连接服务器'] });
  });

  it('sends every row, keeps going after a failure, reports progress and sorts the report', async () => {
    const rows = [2, 3, 4, 5].map((rowNumber) => ({ rowNumber, cells: [] }));
    const seen: number[] = [];
    const outcomes = await runImport(
      rows,
      async (row) => {
        await new Promise((r) => setTimeout(r, (6 - row.rowNumber) * 3));
        return row.rowNumber === 3 ? { rowNumber: 3, status: 'failed', messages: ['bad'] } : { rowNumber: row.rowNumber, status: 'created', leadId: `L${row.rowNumber}` };
      },
      (o) => seen.push(o.rowNumber),
      { concurrency: 2 },
    );
    expect(seen.sort()).toEqual([2, 3, 4, 5]);
    expect(outcomes.map((o) => o.rowNumber)).toEqual([2, 3, 4, 5]);
    expect(summarize(4, outcomes)).toEqual({ total: 4, done: 4, created: 3, merged: 0, replayed: 0, failed: 1 });
  });

  it('stops sending when aborted', async () => {
    const controller = new AbortController();
    const rows = [2, 3, 4, 5].map((rowNumber) => ({ rowNumber, cells: [] }));
    const outcomes = await runImport(rows, async (row) => {
      controller.abort();
      return { rowNumber: row.rowNumber, status: 'created', leadId: 'x' };
    }, () => {}, { concurrency: 1, signal: controller.signal });
    expect(outcomes).toHaveLength(1);
  });

  it('writes the report as CSV with quoting', () => {
    const outcomes: RowOutcome[] = [
      { rowNumber: 2, status: 'created', leadId: 'L2' },
      { rowNumber: 3, status: 'failed', messages: ['phone: 格式不正确, 请检查', 'email: "x" 无效'] },
    ];
    expect(reportCsv(outcomes, (s) => s)).toBe('row,status,lead,details\r\n2,created,L2,\r\n3,failed,,"phone: 格式不正确, 请检查; email: ""x"" 无效"\r\n');
  });
});
