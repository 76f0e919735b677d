import { describe, expect, it } from 'vitest';
import { CsvError, parseCsv } from '@/import/csv';

describe('CSV reading', () => {
  it('reads quoted fields with commas, quotes and line breaks, CRLF and a BOM', () => {
    const text = '\uFEFF姓名,电话,备注\r\n王磊,"138-0013-8000","说""你好"", 明天\r\n再聊"\r\n\r\n李娜,,\n';
    expect(parseCsv(text)).toEqual([
      ['姓名', '电话', '备注'],
      ['王磊', '138-0013-8000', '说"你好", 明天\r\n再聊'],
      ['李娜', '', ''],
    ]);
  });

  it('keeps the last row without a trailing newline', () => {
    expect(parseCsv('a,b\n1,2')).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('refuses a cut-off quoted field instead of guessing', () => {
    expect(() => parseCsv('a\n"open')).toThrow(CsvError);
    try {
      parseCsv('a,b\n1,"x\ny');
    } catch (error) {
      expect(error).toMatchObject({ code: 'unterminatedQuote', line: 2 });
    }
  });

  it('refuses a stray quote inside an unquoted field', () => {
    expect(() => parseCsv('a,b"c')).toThrow(/quoteInField/);
    expect(() => parseCsv('"a"b,c')).toThrow(/quoteInField/);
  });
});
