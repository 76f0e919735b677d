import { evaluate, type CompiledRuleSet, type EvaluationResult } from '@/rules';
import { toRuleRecord, validateVisitRecord, type VisitRecordForm } from '@/rules/visitRecord';
import type { RuleError, RuleViolation } from '@/rules/model';

export interface VisitRecordChecks {
  fieldErrors: RuleError[];
  rules: EvaluationResult | null;
  /** Field path → rule violations that name it (to show next to the field). */
  violationsByField: Map<string, RuleViolation[]>;
  passed: boolean;
}

/**
 * Everything the visit-record page shows live: the field checks (AC-3) and the rule set
 * (AC-4) evaluated on the record exactly as the server will project it.
 */
export function checkVisitRecord(form: VisitRecordForm, ruleSet: CompiledRuleSet | null, now: Date): VisitRecordChecks {
  const fieldErrors = validateVisitRecord(form, now);
  const rules = ruleSet ? evaluate(ruleSet, toRuleRecord(form)) : null;
  const violationsByField = new Map<string, RuleViolation[]>();
  if (rules?.ok) {
    for (const violation of rules.violations) {
      for (const field of violation.fields) violationsByField.set(field, [...(violationsByField.get(field) ?? []), violation]);
    }
  }
  const passed = fieldErrors.length === 0 && !!rules && rules.ok && rules.valid;
  return { fieldErrors, rules, violationsByField, passed };
}

/** i18n key for a field error (the server's codes, split where one code covers two situations). */
export function fieldErrorKey(error: RuleError): string {
  if (error.code === 'visit.invalid_order') {
    return error.path === 'trial.endDate' ? 'errors.visit.invalid_order_trial' : 'errors.visit.invalid_order_touchpoint';
  }
  const [area, code] = error.code.split('.') as [string, string];
  const known: Record<string, string[]> = {
    visit: ['required', 'too_long', 'in_future', 'blank', 'unknown_value', 'out_of_range'],
    rules: ['input_type_mismatch', 'input_unknown_enum_value', 'input_bad_date', 'input_bad_datetime', 'json_type'],
  };
  return known[area]?.includes(code) ? `errors.${area}.${code}` : 'errors.rules.other';
}
