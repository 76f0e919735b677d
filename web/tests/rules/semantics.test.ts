// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { compileRuleSet, evaluate, type CompiledRuleSet, type RuleSetDocument } from '@/rules';
import { countScalarValues, isBlank, trimWhiteSpace } from '@/rules/text';
import { toVisibleText } from '@/rules/richText';
import { isValidDate, isValidDateTime } from '@/rules/dates';
import { canonicalDecimal } from '@/rules/values';

// Edge cases beyond the golden vectors. Expected answers for dates, numbers and entities were
// measured on .NET 10 with the exact BCL calls the server domain uses (see notes/requests.md).

describe('text semantics', () => {
  it('White_Space is the server list: U+0085 is blank, U+FEFF is not (unlike String.trim)', () => {
    expect(isBlank('\u0085\u00a0\u3000\u2028\t')).toBe(true);
    expect(isBlank('\ufeff')).toBe(false);
    expect(trimWhiteSpace('\u0085 ok\u3000')).toBe('ok');
    expect(trimWhiteSpace('\ufeffok')).toBe('\ufeffok');
    expect(isBlank('\u200b')).toBe(false); // zero-width space is not White_Space
  });

  it('counts scalar values: emoji 1, skin-tone emoji 2, lone surrogate 1', () => {
    expect(countScalarValues('汉a😀')).toBe(3);
    expect(countScalarValues('👍🏽')).toBe(2);
    expect(countScalarValues('\ud800x')).toBe(2);
    expect(countScalarValues('\udc00\ud800')).toBe(2);
  });
});

describe('rich text entities (server limits)', () => {
  it.each([
    ['&#x6210;', '成'],
    ['&#X6210;', '成'],
    ['&#25104;', '成'],
    ['&#x1F600;', '😀'],
    ['&#x0000006210;', '&#x0000006210;'], // ';' more than 10 units after '&': literal
    ['&#xD800;', '&#xD800;'], // surrogate: not a scalar value
    ['&#x110000;', '&#x110000;'],
    ['&#+65;', '&#+65;'],
    ['&#x;', '&#x;'],
    ['&AMP;', '&AMP;'], // names are case-sensitive
    ['<1>', '<1>'],
    ['a<!-- c -->b', 'ab'],
    ['&lt;b&gt;ROI&lt;/b&gt;', '<b>ROI</b>'], // decoded markup is text, not a tag
  ])('%s → %s', (markup, visible) => expect(toVisibleText(markup)).toBe(visible));
});

describe('date and date-time acceptance (as .NET TryParseExact)', () => {
  it.each([
    ['2026-11-20', true],
    ['2024-02-29', true],
    ['2026-02-29', false],
    ['2026-1-20', false],
    ['0000-01-01', false],
    ['0001-01-01', true],
    ['9999-12-31', true],
    ['2026/11/20', false],
    ['２０２６-11-20', false],
  ])('date %s → %s', (text, valid) => expect(isValidDate(text)).toBe(valid));

  it.each([
    ['2026-11-25T10:00:00+08:00', true],
    ['2026-11-25T10:00:00Z', true],
    ['2026-11-25T10:00:00', true], // server accepts no offset (README says it is required)
    ['2026-11-25T10:00:00+0800', true],
    ['2026-11-25T10:00:00+8:00', true],
    ['2026-11-25T10:00:00-1:30', true],
    ['2026-11-25T10:00:00+08', false],
    ['2026-11-25T10:00:00+800', false],
    ['2026-11-25T10:00:00+1:5', false],
    ['2026-11-25T10:00:00+14:00', true],
    ['2026-11-25T10:00:00+14:01', false],
    ['2026-11-25T10:00:00+13:59', true],
    ['2026-11-25T10:00:00+00:60', false],
    ['2026-11-25T24:00:00Z', false],
    ['2026-11-25T10:00:60Z', false],
    ['2026-11-25T10:00:00.5Z', false],
    ['2026-11-25T10:00:00z', false],
    ['2026-11-25t10:00:00Z', false],
    ['0001-01-01T00:59:59+01:00', false], // before year 1 in UTC
    ['0001-01-01T01:00:00+01:00', true],
    ['9999-12-31T23:59:59+01:00', true],
    ['9999-12-31T23:00:00-01:00', false], // after year 9999 in UTC
  ])('dateTime %s → %s', (text, valid) => expect(isValidDateTime(text)).toBe(valid));
});

describe('numbers compare like System.Decimal', () => {
  it.each([
    ['100000.0', '1e5'],
    ['1e5', '1e5'],
    ['-0', '0'],
    ['0.5', '5e-1'],
    ['1e-30', '0'],
    ['1.00000000000000000000000000001', '1e0'],
    ['79228162514264337593543950335', '79228162514264337593543950335e0'],
    ['79228162514264337593543950336', null],
    ['1e30', null],
    ['123456789012345678901234567890', null],
  ])('%s → %s', (text, canonical) => expect(canonicalDecimal(text)).toBe(canonical));
});

const base = (rules: unknown[], fields?: unknown[]): unknown => ({
  format: 'salesmesh.activities.rules/v1',
  ruleSetId: 'test',
  version: 1,
  fields: fields ?? [
    { id: 'kind', type: 'enum', label: { zh: '类型', en: 'Kind' }, values: ['visit', 'call'] },
    { id: 'note', type: 'text', label: { zh: '备注', en: 'Note' } },
    { id: 'amount', type: 'number', label: { zh: '金额', en: 'Amount' } },
    { id: 'flag', type: 'boolean', label: { zh: '标记', en: 'Flag' } },
    { id: 'day', type: 'date', label: { zh: '日期', en: 'Day' } },
    { id: 'at', type: 'dateTime', label: { zh: '时间', en: 'At' } },
    { id: 'tags', type: 'textList', label: { zh: '标签', en: 'Tags' } },
  ],
  rules,
});

const msg = { zh: '提示', en: 'Message' };

function compiled(document: unknown): CompiledRuleSet {
  const result = compileRuleSet(document);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.ruleSet;
}

function errorsOf(document: unknown) {
  const result = compileRuleSet(document);
  return result.ok ? [] : result.errors.map((e) => `${e.code} @ ${e.path}`);
}

describe('rule-set validation (strict reading, like RuleSetCompiler)', () => {
  it('names an unknown field with its path', () => {
    expect(errorsOf(base([{ id: 'r', message: msg, then: { op: 'requiredFields', fields: ['note', 'nope'] } }]))).toEqual([
      'rules.unknown_field @ rules[0].then.fields[1]',
    ]);
  });

  it('reports every problem, not the first', () => {
    const errors = errorsOf(
      base([
        { id: 'a', message: msg, when: { any: [] }, then: { field: 'flag', op: 'maxLength', max: 3 } },
        { id: 'a', message: { zh: ' ', en: 'x' }, then: { field: 'kind', op: 'equals', value: 'meeting' } },
        { id: 'b', message: msg, then: { field: 'note', op: 'containsAnyKeyword', keywords: ['ok', '\u3000'] } },
        { id: 'c', message: msg, then: { field: 'note', op: 'maxLength', max: -1 } },
        { id: 'd', message: msg, then: { field: 'amount', op: 'in', values: ['1'] } },
        { id: 'f', message: msg, then: { field: 'day', op: 'equals', value: '2026-02-30' } },
        { id: 'g', message: msg, then: { op: 'requiredFields', fields: [] } },
      ]),
    );
    expect(errors).toEqual([
      'rules.empty_group @ rules[0].when.any',
      'rules.operator_not_applicable @ rules[0].then.op',
      'rules.duplicate_rule_id @ rules[1].id',
      'rules.blank_message @ rules[1].message',
      'rules.enum_value_unknown @ rules[1].then.value',
      'rules.blank_keyword @ rules[2].then.keywords[1]',
      'rules.negative_max_length @ rules[3].then.max',
      'rules.value_type_mismatch @ rules[4].then.values[0]',
      'rules.value_type_mismatch @ rules[5].then.value',
      'rules.empty_list @ rules[6].then.fields',
    ]);
  });

  it('JSON shape errors are reported alone (the server reads before it compiles)', () => {
    const errors = errorsOf(
      base([
        { id: 'a', message: msg, then: { field: 'nope', op: 'notEmpty' } },
        { id: 'e', message: msg, then: { field: 'note', op: 'startsWith', value: 'x' } },
        { id: 'g', message: msg, extra: true, then: { op: 'requiredFields', fields: ['note'] } },
        { id: 'h', message: msg },
        { id: 'i', enabled: 'yes', message: msg, then: { field: 'note', op: 'maxLength', max: 2.5 } },
      ]),
    );
    expect(errors).toEqual([
      'rules.unknown_operator @ rules[1].then.op',
      'rules.json_unknown_property @ rules[2].extra',
      'rules.json_missing @ rules[3].then',
      'rules.json_type @ rules[4].enabled',
      'rules.json_type @ rules[4].then.max',
    ]);
  });

  it('checks the catalogue', () => {
    const errors = errorsOf(
      base(
        [],
        [
          { id: 'a', type: 'enum', label: { zh: 'A', en: 'A' } },
          { id: 'a', type: 'text', label: { zh: 'A', en: '' } },
          { id: 'b', type: 'text', label: { zh: 'B', en: 'B' }, values: ['x'] },
        ],
      ),
    );
    expect(errors).toEqual([
      'rules.enum_without_values @ fields[0].values',
      'rules.duplicate_field @ fields[1].id',
      'rules.blank_label @ fields[1].label',
      'rules.values_on_non_enum @ fields[2].values',
    ]);
    expect(errorsOf(base([], [{ id: 'c', type: 'money', label: { zh: 'C', en: 'C' } }]))).toEqual(['rules.unknown_field_type @ fields[0].type']);
  });

  it('refuses another format and a version below 1', () => {
    expect(errorsOf({ ...(base([]) as object), format: 'other/v9' })).toEqual(['rules.unsupported_format @ format']);
    expect(errorsOf({ ...(base([]) as object), version: 0 })).toEqual(['rules.invalid_version @ version']);
    expect(errorsOf({ ...(base([]) as object), version: 1.5 })).toEqual(['rules.json_type @ version']);
  });
});

describe('record reading (input errors stop evaluation)', () => {
  const ruleSet = compiled(base([{ id: 'r', message: msg, then: { field: 'note', op: 'notEmpty' } }]));

  it('reports each wrongly typed value with its field, and evaluates nothing', () => {
    const result = evaluate(ruleSet, { kind: 'meeting', note: 5, day: '2026-02-29', at: '2026-11-25 10:00', tags: ['a', 1], flag: 'yes' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.inputErrors.map((e) => `${e.code} @ ${e.path}`)).toEqual([
      'rules.input_unknown_enum_value @ kind',
      'rules.input_type_mismatch @ note',
      'rules.input_bad_date @ day',
      'rules.input_bad_datetime @ at',
      'rules.json_type @ tags',
      'rules.input_type_mismatch @ flag',
    ]);
  });

  it('blank enum and date values are simply empty, not errors; an object is an error even under an unknown key', () => {
    expect(evaluate(ruleSet, { kind: '  ', day: '', note: 'x' }).ok).toBe(true);
    const result = evaluate(ruleSet, { futureField: { a: 1 }, note: 'x' });
    expect(result.ok ? [] : result.inputErrors.map((e) => e.code)).toEqual(['rules.json_type']);
  });

  it('enum values are matched after trimming', () => {
    const ruleSet2 = compiled(base([{ id: 'r', message: msg, when: { field: 'kind', op: 'equals', value: 'call' }, then: { field: 'note', op: 'notEmpty' } }]));
    const result = evaluate(ruleSet2, { kind: ' call\u3000' });
    expect(result.ok && result.violations.map((v) => v.ruleId)).toEqual(['r']);
  });
});

describe('violation fields', () => {
  it('a failed all-group names only its failed children; a failed any-group names all of them', () => {
    const document: RuleSetDocument = base([
      {
        id: 'all',
        message: msg,
        then: { all: [{ field: 'note', op: 'notEmpty' }, { field: 'flag', op: 'notEmpty' }, { op: 'requiredFields', fields: ['day', 'at'] }] },
      },
      { id: 'any', message: msg, then: { any: [{ field: 'note', op: 'notEmpty' }, { op: 'requiredFields', fields: ['day', 'note'] }] } },
    ]) as RuleSetDocument;
    const result = evaluate(compiled(document), { flag: false, at: '2026-11-25T10:00:00Z' });
    expect(result.ok && result.violations.map((v) => [v.ruleId, v.fields])).toEqual([
      ['all', ['note', 'day']],
      ['any', ['note', 'day']],
    ]);
  });

  it('maxLength ignores a missing value and counts visible scalar values', () => {
    const ruleSet = compiled(base([{ id: 'm', message: msg, then: { field: 'note', op: 'maxLength', max: 2 } }]));
    expect(evaluate(ruleSet, {})).toMatchObject({ ok: true, valid: true });
    expect(evaluate(ruleSet, { note: '😀😀' })).toMatchObject({ ok: true, valid: true });
    expect(evaluate(ruleSet, { note: '😀😀😀' })).toMatchObject({ ok: true, valid: false });
  });

  it('numbers compare by decimal value, booleans by value', () => {
    const ruleSet = compiled(
      base([
        { id: 'n', message: msg, when: { field: 'amount', op: 'equals', value: 0.5 }, then: { field: 'note', op: 'notEmpty' } },
        { id: 'b', message: msg, when: { field: 'flag', op: 'equals', value: false }, then: { field: 'note', op: 'notEmpty' } },
      ]),
    );
    const ids = (record: Record<string, unknown>) => {
      const r = evaluate(ruleSet, record);
      return r.ok ? r.violations.map((v) => v.ruleId) : r.inputErrors;
    };
    expect(ids({ amount: 0.50 })).toEqual(['n']);
    expect(ids({ amount: 0.51 })).toEqual([]);
    expect(ids({ flag: false })).toEqual(['b']);
    expect(ids({ flag: true })).toEqual([]);
  });
});
