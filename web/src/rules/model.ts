/**
 * The Activities rule language (format "salesmesh.activities.rules/v1"), as documented in
 * services/Activities/README.md "Rule language". These are the JSON shapes the server serves.
 */

export const RULE_SET_FORMAT = 'salesmesh.activities.rules/v1';

export type FieldType = 'text' | 'enum' | 'boolean' | 'number' | 'date' | 'dateTime' | 'textList';

export const FIELD_TYPES: readonly FieldType[] = ['text', 'enum', 'boolean', 'number', 'date', 'dateTime', 'textList'];

export interface BilingualText {
  zh: string;
  en: string;
}

export interface FieldDefinition {
  id: string;
  type: FieldType;
  label: BilingualText;
  values?: string[];
}

export type Operand = string | number | boolean;

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { field: string; op: 'equals'; value: Operand }
  | { field: string; op: 'in'; values: Operand[] }
  | { field: string; op: 'empty' }
  | { field: string; op: 'notEmpty' }
  | { field: string; op: 'containsAnyKeyword'; keywords: string[] }
  | { field: string; op: 'maxLength'; max: number }
  | { op: 'requiredFields'; fields: string[] };

export interface Rule {
  id: string;
  enabled?: boolean;
  message: BilingualText;
  when?: Condition;
  then: Condition;
}

export interface RuleSetDocument {
  format: string;
  ruleSetId: string;
  version: number;
  fields: FieldDefinition[];
  rules: Rule[];
}

/**
 * A problem with a rule set or a record. `code` is the server's stable code (e.g.
 * `rules.unknown_field`), `path` the JSON path (`rules[0].then.fields[1]`) or record field id,
 * `params` what a localized message needs. Messages live in the locale files, keyed by code.
 */
export interface RuleError {
  code: string;
  path: string;
  params?: Record<string, string | number>;
}

/** A failed rule, as the server reports it. */
export interface RuleViolation {
  ruleId: string;
  ruleSetId: string;
  ruleSetVersion: number;
  message: BilingualText;
  /** Fields to fix, in rule-mention order, without duplicates. */
  fields: string[];
  /** Every field mentioned in `when`, in mention order, without duplicates. */
  conditionFields: string[];
}

/** A record as the rule engine sees it: field id → JSON value (absent or null = missing). */
export type RuleRecord = Record<string, unknown>;
