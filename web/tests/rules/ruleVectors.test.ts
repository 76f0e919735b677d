// @vitest-environment node
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileRuleSet, evaluate, toVisibleText, visibleLength, type RuleRecord } from '@/rules';

// The golden vectors are owned by the Activities service and read from the repository, never
// copied: when the server's semantics change, this suite fails until the client follows.
const vectorPath = fileURLToPath(new URL('../../../services/Activities/Domain/RuleVectors/rule-vectors.json', import.meta.url));

interface VectorFile {
  format: string;
  suites: { name: string; ruleSet: unknown; cases: { name: string; record: RuleRecord; expectedViolations: { ruleId: string; fields: string[]; conditionFields: string[] }[] }[] }[];
  richText: { markup: string; visibleText: string; length: number }[];
}

const vectors = JSON.parse(readFileSync(vectorPath, 'utf8')) as VectorFile;

describe('rule-vectors.json (AC-4: offline evaluation equals the server)', () => {
  it('is the format this evaluator implements and has cases', () => {
    expect(vectors.format).toBe('salesmesh.activities.rule-vectors/v1');
    expect(vectors.suites.length).toBeGreaterThanOrEqual(2);
    expect(vectors.richText.length).toBeGreaterThan(0);
  });

  for (const suite of vectors.suites) {
    describe(suite.name, () => {
      const compiled = compileRuleSet(suite.ruleSet);
      const document = suite.ruleSet as { ruleSetId: string; version: number; rules: { id: string; message: { zh: string; en: string } }[] };

      it('compiles without errors', () => {
        expect(compiled.ok ? [] : compiled.errors).toEqual([]);
      });

      for (const testCase of suite.cases) {
        it(testCase.name, () => {
          if (!compiled.ok) throw new Error('rule set did not compile');
          const result = evaluate(compiled.ruleSet, testCase.record);
          if (!result.ok) throw new Error(`input errors: ${JSON.stringify(result.inputErrors)}`);
          expect(result.violations.map((v) => ({ ruleId: v.ruleId, fields: v.fields, conditionFields: v.conditionFields }))).toEqual(
            testCase.expectedViolations,
          );
          expect(result.valid).toBe(testCase.expectedViolations.length === 0);
          // Messages, rule-set id and version travel with each violation, exactly as in the document.
          for (const violation of result.violations) {
            const rule = document.rules.find((r) => r.id === violation.ruleId)!;
            expect(violation.message).toEqual(rule.message);
            expect(violation.ruleSetId).toBe(document.ruleSetId);
            expect(violation.ruleSetVersion).toBe(document.version);
          }
        });
      }
    });
  }

  describe('rich text visible text', () => {
    for (const testCase of vectors.richText) {
      it(JSON.stringify(testCase.markup), () => {
        expect(toVisibleText(testCase.markup)).toBe(testCase.visibleText);
        expect(visibleLength(testCase.markup)).toBe(testCase.length);
      });
    }
  });
});
