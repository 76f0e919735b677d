export * from './model';
export { compileRuleSet, type CompiledRuleSet, type CompileResult } from './compile';
export { evaluate, readRecord, type EvaluationResult } from './evaluate';
export { toVisibleText, visibleLength } from './richText';
export { countScalarValues, isBlank, trimWhiteSpace, isWhiteSpace } from './text';
export * from './visitRecord';
