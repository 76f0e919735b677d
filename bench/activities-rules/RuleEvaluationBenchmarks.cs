using BenchmarkDotNet.Attributes;
using SalesMesh.Activities.Domain.Rules;
using SalesMesh.Activities.Domain.VisitRecords;

namespace SalesMesh.Activities.RulesBench;

/// <summary>
/// Target (issue #5): 100 active rules per visit record in under 50 µs, zero allocations on the
/// passing path. "Compiled" is the production path; "Naive" is the baseline interpreter.
/// </summary>
[MemoryDiagnoser]
public class RuleEvaluationBenchmarks
{
    private CompiledRuleSet _compiled = null!;
    private RuleInput _passing = null!;
    private RuleInput _failing = null!;
    private VisitRecord _record = null!;
    private RuleInput _reusable = null!;
    private NaiveRuleInterpreter _naive = null!;
    private Dictionary<string, RuleValue> _naivePassing = null!;

    [GlobalSetup]
    public void Setup()
    {
        var ruleSet = BenchmarkData.HundredRules();
        _compiled = RuleSetCompiler.Compile(ruleSet).Value;
        _record = BenchmarkData.Record(BenchmarkData.PassingDeliverable);
        _passing = _compiled.CreateInput();
        VisitRecordRuleProjection.Fill(_record, _passing);
        _failing = _compiled.CreateInput();
        VisitRecordRuleProjection.Fill(BenchmarkData.Record(BenchmarkData.FailingDeliverable), _failing);
        _reusable = _compiled.CreateInput();

        _naive = new NaiveRuleInterpreter(ruleSet);
        _naivePassing = [];
        foreach (var field in ruleSet.Catalogue.Fields)
        {
            _naivePassing[field.Id] = _passing[field.Id];
        }
        if (!_compiled.Evaluate(_passing).IsValid || _naive.CountViolations(_naivePassing) != 0 || _compiled.Evaluate(_failing).IsValid)
        {
            throw new InvalidOperationException("Benchmark data does not have the intended outcome.");
        }
    }

    [Benchmark(Baseline = true, Description = "Naive interpreter, 100 rules, passing record")]
    public int Naive_100Rules_Passing() => _naive.CountViolations(_naivePassing);

    [Benchmark(Description = "Compiled, 100 rules, passing record")]
    public bool Compiled_100Rules_Passing() => _compiled.Evaluate(_passing).IsValid;

    [Benchmark(Description = "Compiled, 100 rules, 20 violations")]
    public int Compiled_100Rules_20Violations() => _compiled.Evaluate(_failing).Violations.Count;

    [Benchmark(Description = "Project record + compiled evaluate, 100 rules")]
    public bool ProjectAndEvaluate_100Rules()
    {
        VisitRecordRuleProjection.Fill(_record, _reusable);
        return _compiled.Evaluate(_reusable).IsValid;
    }
}
