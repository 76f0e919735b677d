import type { CompiledRuleSet } from './compile';
import type { RuleError, RuleRecord, RuleViolation } from './model';
import { isValidDate, isValidDateTime } from './dates';
import { MISSING, decimalOfNumber, isEmptyValue, listValue, textValue, type RuleValue } from './values';

export type ReadResult = { ok: true; values: ReadonlyMap<string, RuleValue> } | { ok: false; errors: RuleError[] };

/**
 * Type-checks a record against the catalogue like the server's RuleInputJson/RuleInput.Set:
 * absent or null = missing; keys not in the catalogue are ignored; a wrong JSON type, an enum
 * value outside `values`, or a malformed date is an input error and the record is not evaluated.
 * Blank enum/date values are not errors (they are simply empty).
 */
export function readRecord(ruleSet: CompiledRuleSet, record: RuleRecord): ReadResult {
  const values = new Map<string, RuleValue>();
  const errors: RuleError[] = [];
  for (const [key, raw] of Object.entries(record)) {
    if (raw === null || raw === undefined) continue;
    let value: RuleValue;
    if (typeof raw === 'string') value = textValue(raw);
    else if (typeof raw === 'boolean') value = { kind: 'boolean', value: raw };
    else if (typeof raw === 'number') {
      const decimal = decimalOfNumber(raw);
      if (decimal === null) {
        errors.push({ code: 'rules.json_type', path: key });
        continue;
      }
      value = { kind: 'number', value: decimal };
    } else if (Array.isArray(raw) && raw.every((item) => typeof item === 'string')) value = listValue(raw as string[]);
    else {
      errors.push({ code: 'rules.json_type', path: key });
      continue;
    }
    const field = ruleSet.fieldById.get(key);
    if (!field) continue;
    const error = checkType(field.type, field.values, key, value);
    if (error) errors.push(error);
    else values.set(key, value);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, values };
}

function checkType(type: string, allowed: string[] | undefined, path: string, value: RuleValue): RuleError | null {
  const expected =
    type === 'boolean' ? 'boolean' : type === 'number' ? 'number' : type === 'textList' ? 'textList' : 'text';
  if (value.kind !== expected) return { code: 'rules.input_type_mismatch', path, params: { type } };
  if (value.kind !== 'text' || isEmptyValue(value)) return null;
  if (type === 'enum' && !(allowed ?? []).includes(value.trimmed))
    return { code: 'rules.input_unknown_enum_value', path, params: { value: value.text, allowed: (allowed ?? []).join(', ') } };
  if (type === 'date' && !isValidDate(value.trimmed)) return { code: 'rules.input_bad_date', path };
  if (type === 'dateTime' && !isValidDateTime(value.trimmed)) return { code: 'rules.input_bad_datetime', path };
  return null;
}

export type EvaluationResult =
  | { ok: true; valid: boolean; violations: RuleViolation[] }
  | { ok: false; inputErrors: RuleError[] };

/** Runs every enabled rule in document order (README "Evaluation" and "Violations"). */
export function evaluate(ruleSet: CompiledRuleSet, record: RuleRecord): EvaluationResult {
  const read = readRecord(ruleSet, record);
  if (!read.ok) return { ok: false, inputErrors: read.errors };
  const lookup = (fieldId: string): RuleValue => read.values.get(fieldId) ?? MISSING;
  const violations: RuleViolation[] = [];
  for (const rule of ruleSet.rules) {
    if (!rule.enabled) continue;
    if (rule.when && !rule.when.evaluate(lookup)) continue;
    if (rule.then.evaluate(lookup)) continue;
    const fields: string[] = [];
    rule.then.collectFailing(lookup, fields);
    violations.push({
      ruleId: rule.id,
      ruleSetId: ruleSet.ruleSetId,
      ruleSetVersion: ruleSet.version,
      message: rule.message,
      fields,
      conditionFields: [...rule.conditionFields],
    });
  }
  return { ok: true, valid: violations.length === 0, violations };
}
