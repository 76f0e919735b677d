import { isBlank, foldAscii, trimWhiteSpace } from './text';
import { decimalOfNumber, isEmptyValue, type RuleValue } from './values';
import { isValidDate } from './dates';
import {
  FIELD_TYPES,
  RULE_SET_FORMAT,
  type BilingualText,
  type FieldDefinition,
  type FieldType,
  type RuleError,
} from './model';

/**
 * Reads a rule-set document strictly (unknown properties, wrong JSON types, unknown types or
 * operators are errors with a path, like the server's RuleSetJson) and validates it like the
 * server's RuleSetCompiler. The result is a tree of small predicate nodes.
 */

export interface CompiledNode {
  evaluate(values: ValueLookup): boolean;
  /** Fields to fix when this node is false (README "Violations"). */
  collectFailing(values: ValueLookup, sink: string[]): void;
  collectReferenced(sink: string[]): void;
}

export type ValueLookup = (fieldId: string) => RuleValue;

export interface CompiledRule {
  id: string;
  enabled: boolean;
  message: BilingualText;
  when: CompiledNode | null;
  then: CompiledNode;
  conditionFields: string[];
}

export interface CompiledRuleSet {
  ruleSetId: string;
  version: number;
  fields: FieldDefinition[];
  fieldById: ReadonlyMap<string, FieldDefinition>;
  rules: CompiledRule[];
}

export type CompileResult = { ok: true; ruleSet: CompiledRuleSet } | { ok: false; errors: RuleError[] };

type Json = unknown;
type JsonObject = Record<string, Json>;

function isObject(value: Json): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

function addOnce(sink: string[], field: string): void {
  if (!sink.includes(field)) sink.push(field);
}

export function compileRuleSet(document: Json): CompileResult {
  const errors: RuleError[] = [];
  const add = (code: string, path: string, params?: Record<string, string | number>) =>
    errors.push(params ? { code, path, params } : { code, path });

  if (!isObject(document)) {
    add('rules.json_type', '');
    return { ok: false, errors };
  }
  checkProperties(document, '', ['format', 'ruleSetId', 'version', 'fields', 'rules'], add);
  const format = readString(document, 'format', '', add);
  if (format !== undefined && format !== RULE_SET_FORMAT) add('rules.unsupported_format', 'format', { format });
  const ruleSetId = readString(document, 'ruleSetId', '', add) ?? '';
  if (document.version !== undefined && !Number.isInteger(document.version)) add('rules.json_type', 'version');
  else if (document.version === undefined) add('rules.json_missing', 'version');
  const version = typeof document.version === 'number' ? document.version : 0;
  if (isBlank(ruleSetId) && typeof document.ruleSetId === 'string') add('rules.blank_rule_set_id', 'ruleSetId');
  if (Number.isInteger(document.version) && version < 1) add('rules.invalid_version', 'version', { version });

  const fields = readFields(document, add);
  const fieldById = new Map<string, FieldDefinition>();
  for (const field of fields) if (!fieldById.has(field.id)) fieldById.set(field.id, field);

  const rules: CompiledRule[] = [];
  const ruleIds = new Set<string>();
  const rawRules = readArray(document, 'rules', '', add) ?? [];
  rawRules.forEach((raw, index) => {
    const path = `rules[${index}]`;
    if (!isObject(raw)) {
      add('rules.json_type', path);
      return;
    }
    checkProperties(raw, path, ['id', 'enabled', 'message', 'when', 'then'], add);
    const id = readString(raw, 'id', path, add) ?? '';
    if (typeof raw.id === 'string' && isBlank(id)) add('rules.blank_rule_id', join(path, 'id'));
    else if (ruleIds.has(id)) add('rules.duplicate_rule_id', join(path, 'id'), { ruleId: id });
    ruleIds.add(id);
    let enabled = true;
    if (raw.enabled !== undefined) {
      if (typeof raw.enabled !== 'boolean') add('rules.json_type', join(path, 'enabled'));
      else enabled = raw.enabled;
    }
    const message = readBilingual(raw, 'message', path, add);
    if (message && (isBlank(message.zh) || isBlank(message.en))) add('rules.blank_message', join(path, 'message'), { ruleId: id });
    const context = new ConditionCompiler(fieldById, id, add);
    let when: CompiledNode | null = null;
    if (raw.when !== undefined) when = context.compile(raw.when, join(path, 'when'));
    let then: CompiledNode | null = null;
    if (raw.then === undefined) add('rules.json_missing', join(path, 'then'));
    else then = context.compile(raw.then, join(path, 'then'));
    if (!then || !message || (raw.when !== undefined && !when)) return;
    const conditionFields: string[] = [];
    when?.collectReferenced(conditionFields);
    rules.push({ id, enabled, message, when, then, conditionFields });
  });

  // The server reads the JSON first and compiles only a document that read cleanly
  // (RuleSetJson.ReadAndCompile), so shape errors hide semantic ones.
  const readErrors = errors.filter((e) => READ_ERROR_CODES.has(e.code));
  if (readErrors.length > 0) return { ok: false, errors: readErrors };
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, ruleSet: { ruleSetId, version, fields, fieldById, rules } };
}

const READ_ERROR_CODES = new Set([
  'rules.json_type',
  'rules.json_missing',
  'rules.json_unknown_property',
  'rules.unsupported_format',
  'rules.unknown_field_type',
  'rules.unknown_operator',
]);

type Add = (code: string, path: string, params?: Record<string, string | number>) => void;

function checkProperties(object: JsonObject, path: string, allowed: string[], add: Add): void {
  for (const name of Object.keys(object)) {
    if (!allowed.includes(name)) add('rules.json_unknown_property', join(path, name), { name });
  }
}

function readString(object: JsonObject, name: string, path: string, add: Add): string | undefined {
  const value = object[name];
  if (value === undefined) {
    add('rules.json_missing', join(path, name));
    return undefined;
  }
  if (typeof value !== 'string') {
    add('rules.json_type', join(path, name));
    return undefined;
  }
  return value;
}

function readArray(object: JsonObject, name: string, path: string, add: Add): Json[] | undefined {
  const value = object[name];
  if (value === undefined) {
    add('rules.json_missing', join(path, name));
    return undefined;
  }
  if (!Array.isArray(value)) {
    add('rules.json_type', join(path, name));
    return undefined;
  }
  return value;
}

function readStringArray(object: JsonObject, name: string, path: string, add: Add): string[] | undefined {
  const items = readArray(object, name, path, add);
  if (!items) return undefined;
  let ok = true;
  items.forEach((item, i) => {
    if (typeof item !== 'string') {
      add('rules.json_type', `${join(path, name)}[${i}]`);
      ok = false;
    }
  });
  return ok ? (items as string[]) : undefined;
}

function readBilingual(object: JsonObject, name: string, path: string, add: Add): BilingualText | undefined {
  const value = object[name];
  const here = join(path, name);
  if (value === undefined) {
    add('rules.json_missing', here);
    return undefined;
  }
  if (!isObject(value)) {
    add('rules.json_type', here);
    return undefined;
  }
  checkProperties(value, here, ['zh', 'en'], add);
  const zh = readString(value, 'zh', here, add);
  const en = readString(value, 'en', here, add);
  return zh !== undefined && en !== undefined ? { zh, en } : undefined;
}

function readFields(document: JsonObject, add: Add): FieldDefinition[] {
  const fields: FieldDefinition[] = [];
  const seen = new Set<string>();
  (readArray(document, 'fields', '', add) ?? []).forEach((raw, index) => {
    const path = `fields[${index}]`;
    if (!isObject(raw)) {
      add('rules.json_type', path);
      return;
    }
    checkProperties(raw, path, ['id', 'type', 'label', 'values'], add);
    const id = readString(raw, 'id', path, add);
    const typeName = readString(raw, 'type', path, add);
    const label = readBilingual(raw, 'label', path, add);
    const values = raw.values === undefined ? undefined : readStringArray(raw, 'values', path, add);
    let type: FieldType | undefined;
    if (typeName !== undefined) {
      if ((FIELD_TYPES as readonly string[]).includes(typeName)) type = typeName as FieldType;
      else add('rules.unknown_field_type', join(path, 'type'), { type: typeName });
    }
    if (id === undefined || type === undefined || label === undefined) return;
    if (isBlank(id)) add('rules.blank_field_id', join(path, 'id'));
    else if (seen.has(id)) add('rules.duplicate_field', join(path, 'id'), { field: id });
    seen.add(id);
    if (isBlank(label.zh) || isBlank(label.en)) add('rules.blank_label', join(path, 'label'), { field: id });
    if (type === 'enum' && (values === undefined || values.length === 0)) add('rules.enum_without_values', join(path, 'values'), { field: id });
    if (type !== 'enum' && raw.values !== undefined) add('rules.values_on_non_enum', join(path, 'values'), { field: id });
    fields.push(type === 'enum' ? { id, type, label, values: values ?? [] } : { id, type, label });
  });
  return fields;
}

const OPERATORS = ['equals', 'in', 'empty', 'notEmpty', 'containsAnyKeyword', 'maxLength', 'requiredFields'] as const;
type Operator = (typeof OPERATORS)[number];

const APPLICABLE: Record<Exclude<Operator, 'requiredFields'>, readonly FieldType[]> = {
  equals: ['text', 'enum', 'boolean', 'number', 'date', 'dateTime'],
  in: ['text', 'enum', 'number', 'date', 'dateTime'],
  empty: FIELD_TYPES,
  notEmpty: FIELD_TYPES,
  containsAnyKeyword: ['text', 'textList'],
  maxLength: ['text'],
};

const OPERATOR_PROPERTIES: Record<Operator, string[]> = {
  equals: ['field', 'op', 'value'],
  in: ['field', 'op', 'values'],
  empty: ['field', 'op'],
  notEmpty: ['field', 'op'],
  containsAnyKeyword: ['field', 'op', 'keywords'],
  maxLength: ['field', 'op', 'max'],
  requiredFields: ['op', 'fields'],
};

type Comparable = { kind: 'text'; text: string } | { kind: 'boolean'; value: boolean } | { kind: 'number'; value: string };

class ConditionCompiler {
  constructor(
    private readonly fields: ReadonlyMap<string, FieldDefinition>,
    private readonly ruleId: string,
    private readonly add: Add,
  ) {}

  compile(raw: Json, path: string): CompiledNode | null {
    if (!isObject(raw)) {
      this.add('rules.json_type', path);
      return null;
    }
    if ('all' in raw || 'any' in raw) {
      const name = 'all' in raw ? 'all' : 'any';
      checkProperties(raw, path, [name], this.add);
      return this.group(raw, name, path);
    }
    const op = raw.op;
    if (op === undefined) {
      this.add('rules.json_missing', join(path, 'op'));
      return null;
    }
    if (typeof op !== 'string') {
      this.add('rules.json_type', join(path, 'op'));
      return null;
    }
    if (!(OPERATORS as readonly string[]).includes(op)) {
      this.add('rules.unknown_operator', join(path, 'op'), { op });
      return null;
    }
    const operator = op as Operator;
    checkProperties(raw, path, OPERATOR_PROPERTIES[operator], this.add);
    if (operator === 'requiredFields') return this.required(raw, path);
    const fieldId = readString(raw, 'field', path, this.add);
    if (fieldId === undefined) return null;
    const field = this.fields.get(fieldId);
    if (!field) {
      this.add('rules.unknown_field', join(path, 'field'), { ruleId: this.ruleId, field: fieldId });
      return null;
    }
    if (!APPLICABLE[operator].includes(field.type)) {
      this.add('rules.operator_not_applicable', join(path, 'op'), { ruleId: this.ruleId, op, type: field.type, field: field.id });
      return null;
    }
    switch (operator) {
      case 'equals':
        return this.equals(raw, field, path);
      case 'in':
        return this.in(raw, field, path);
      case 'empty':
        return leaf(field.id, (v) => isEmptyValue(v));
      case 'notEmpty':
        return leaf(field.id, (v) => !isEmptyValue(v));
      case 'containsAnyKeyword':
        return this.keywords(raw, field, path);
      case 'maxLength':
        return this.maxLength(raw, field, path);
    }
  }

  private group(raw: JsonObject, name: 'all' | 'any', path: string): CompiledNode | null {
    const here = join(path, name);
    const items = raw[name];
    if (!Array.isArray(items)) {
      this.add('rules.json_type', here);
      return null;
    }
    if (items.length === 0) {
      this.add('rules.empty_group', here, { ruleId: this.ruleId, group: name });
      return null;
    }
    const children = items.map((item, i) => this.compile(item, `${here}[${i}]`));
    if (children.some((c) => c === null)) return null;
    return name === 'all' ? allNode(children as CompiledNode[]) : anyNode(children as CompiledNode[]);
  }

  private operand(raw: Json, field: FieldDefinition, path: string): Comparable | null {
    let value: Comparable;
    if (typeof raw === 'string') value = { kind: 'text', text: trimWhiteSpace(raw) };
    else if (typeof raw === 'boolean') value = { kind: 'boolean', value: raw };
    else if (typeof raw === 'number') {
      const decimal = decimalOfNumber(raw);
      if (decimal === null) {
        this.add('rules.json_type', path);
        return null;
      }
      value = { kind: 'number', value: decimal };
    } else {
      this.add('rules.json_type', path);
      return null;
    }
    const expected = field.type === 'boolean' ? 'boolean' : field.type === 'number' ? 'number' : 'text';
    if (value.kind !== expected) {
      this.add('rules.value_type_mismatch', path, { ruleId: this.ruleId, field: field.id, type: field.type, value: String(raw) });
      return null;
    }
    if (value.kind === 'text' && field.type === 'enum' && !(field.values ?? []).includes(value.text)) {
      this.add('rules.enum_value_unknown', path, { ruleId: this.ruleId, field: field.id, value: String(raw) });
      return null;
    }
    if (value.kind === 'text' && field.type === 'date' && !isValidDate(value.text)) {
      this.add('rules.value_type_mismatch', path, { ruleId: this.ruleId, field: field.id, type: field.type, value: String(raw) });
      return null;
    }
    return value;
  }

  private equals(raw: JsonObject, field: FieldDefinition, path: string): CompiledNode | null {
    if (raw.value === undefined) {
      this.add('rules.json_missing', join(path, 'value'));
      return null;
    }
    const expected = this.operand(raw.value, field, join(path, 'value'));
    return expected ? leaf(field.id, (v) => matches(v, expected)) : null;
  }

  private in(raw: JsonObject, field: FieldDefinition, path: string): CompiledNode | null {
    const items = readArray(raw, 'values', path, this.add);
    if (!items) return null;
    if (items.length === 0) {
      this.add('rules.empty_list', join(path, 'values'), { ruleId: this.ruleId });
      return null;
    }
    const expected = items.map((item, i) => this.operand(item, field, `${join(path, 'values')}[${i}]`));
    if (expected.some((e) => e === null)) return null;
    return leaf(field.id, (v) => (expected as Comparable[]).some((e) => matches(v, e)));
  }

  private keywords(raw: JsonObject, field: FieldDefinition, path: string): CompiledNode | null {
    const keywords = readStringArray(raw, 'keywords', path, this.add);
    if (!keywords) return null;
    if (keywords.length === 0) {
      this.add('rules.empty_list', join(path, 'keywords'), { ruleId: this.ruleId });
      return null;
    }
    let ok = true;
    keywords.forEach((k, i) => {
      if (isBlank(k)) {
        this.add('rules.blank_keyword', `${join(path, 'keywords')}[${i}]`, { ruleId: this.ruleId });
        ok = false;
      }
    });
    if (!ok) return null;
    const folded = keywords.map(foldAscii); // keywords are used as written (untrimmed)
    const containsAny = (text: string) => {
      const haystack = foldAscii(text);
      return folded.some((k) => haystack.includes(k));
    };
    return leaf(field.id, (v) => {
      if (v.kind === 'text') return containsAny(v.text); // untrimmed text, like the server
      if (v.kind === 'textList') return v.items.some(containsAny);
      return false;
    });
  }

  private maxLength(raw: JsonObject, field: FieldDefinition, path: string): CompiledNode | null {
    const max = raw.max;
    if (max === undefined) {
      this.add('rules.json_missing', join(path, 'max'));
      return null;
    }
    if (typeof max !== 'number' || !Number.isInteger(max) || Math.abs(max) > 0x7fffffff) {
      this.add('rules.json_type', join(path, 'max'));
      return null;
    }
    if (max < 0) {
      this.add('rules.negative_max_length', join(path, 'max'), { ruleId: this.ruleId });
      return null;
    }
    return leaf(field.id, (v) => v.kind !== 'text' || v.length <= max);
  }

  private required(raw: JsonObject, path: string): CompiledNode | null {
    const ids = readStringArray(raw, 'fields', path, this.add);
    if (!ids) return null;
    if (ids.length === 0) {
      this.add('rules.empty_list', join(path, 'fields'), { ruleId: this.ruleId });
      return null;
    }
    let ok = true;
    ids.forEach((id, i) => {
      if (!this.fields.has(id)) {
        this.add('rules.unknown_field', `${join(path, 'fields')}[${i}]`, { ruleId: this.ruleId, field: id });
        ok = false;
      }
    });
    if (!ok) return null;
    return {
      evaluate: (values) => ids.every((id) => !isEmptyValue(values(id))),
      collectFailing: (values, sink) => ids.forEach((id) => isEmptyValue(values(id)) && addOnce(sink, id)),
      collectReferenced: (sink) => ids.forEach((id) => addOnce(sink, id)),
    };
  }
}

/** equals / in: trimmed text compared code unit by code unit; booleans and numbers by value. */
function matches(value: RuleValue, expected: Comparable): boolean {
  switch (expected.kind) {
    case 'text':
      return value.kind === 'text' && value.trimmed === expected.text;
    case 'boolean':
      return value.kind === 'boolean' && value.value === expected.value;
    case 'number':
      return value.kind === 'number' && value.value === expected.value;
  }
}

function leaf(fieldId: string, predicate: (value: RuleValue) => boolean): CompiledNode {
  return {
    evaluate: (values) => predicate(values(fieldId)),
    collectFailing: (values, sink) => {
      if (!predicate(values(fieldId))) addOnce(sink, fieldId);
    },
    collectReferenced: (sink) => addOnce(sink, fieldId),
  };
}

function allNode(children: CompiledNode[]): CompiledNode {
  return {
    evaluate: (values) => children.every((c) => c.evaluate(values)),
    collectFailing: (values, sink) => children.forEach((c) => !c.evaluate(values) && c.collectFailing(values, sink)),
    collectReferenced: (sink) => children.forEach((c) => c.collectReferenced(sink)),
  };
}

// A failed any-group means every alternative failed: each of them is a way to fix it.
function anyNode(children: CompiledNode[]): CompiledNode {
  return {
    evaluate: (values) => children.some((c) => c.evaluate(values)),
    collectFailing: (values, sink) => children.forEach((c) => c.collectFailing(values, sink)),
    collectReferenced: (sink) => children.forEach((c) => c.collectReferenced(sink)),
  };
}
