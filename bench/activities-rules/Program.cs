using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// In-process toolchain: BenchmarkDotNet 0.14 cannot generate a net10.0 child project, and the
// repository's warnings-as-errors build settings would apply to one anyway.
var config = DefaultConfig.Instance
    .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance))
    .AddColumn(StatisticColumn.Median, StatisticColumn.P95)
    .WithOptions(ConfigOptions.DisableOptimizationsValidator)
    // Keep reports next to the build output (ignored by git), not in the caller's directory.
    .WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"));

BenchmarkSwitcher.FromAssembly(typeof(SalesMesh.Activities.RulesBench.RuleEvaluationBenchmarks).Assembly).Run(args, config);
