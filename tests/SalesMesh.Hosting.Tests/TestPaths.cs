using Aspire.Hosting;

namespace SalesMesh.Hosting.Tests;

internal static class TestPaths
{
    /// <summary>This project's source directory (recorded at build time).</summary>
    public static string ProjectDirectory { get; } =
        DistributedApplicationOptions.AppHostDirectoryOf(typeof(TestPaths).Assembly)
        ?? throw new InvalidOperationException("SalesMesh.AppHostDirectory metadata missing.");

    public const string TestServiceProject = "TestService/SalesMesh.Hosting.TestService.csproj";

    public static string NewTempDirectory(string purpose)
    {
        var path = Path.Combine(Path.GetTempPath(), "salesmesh-hosting-tests", $"{purpose}-{Guid.NewGuid():N}"[..(purpose.Length + 13)]);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Polls until the condition holds, failing with <paramref name="what"/> after the timeout.</summary>
    public static async Task EventuallyAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {timeout.TotalSeconds:0} s waiting for: {what}");
            }
            await Task.Delay(50);
        }
    }
}
