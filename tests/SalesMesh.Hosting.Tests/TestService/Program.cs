using System.Collections;
using Aspire.Hosting;

// "orchestrate DATA_DIR": act as a small AppHost (Redis, RabbitMQ, a sleeping executable) and
// print the pids of everything it started, so a test can SIGKILL/SIGTERM us and look for orphans.
if (args is ["orchestrate", var dataDirectory, ..])
{
    var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
    {
        DataDirectory = dataDirectory,
        RandomizePorts = true,
        DashboardPort = null,
        ConsoleOutput = false,
        AppHostDirectory = AppContext.BaseDirectory,
    });
    builder.AddRedis("cache");
    builder.AddRabbitMQ("messaging");
    builder.AddExecutable("sleeper", "sleep", ".", "600");
    var app = builder.Build();
    await app.StartAsync();
    foreach (var name in new[] { "cache", "messaging", "sleeper" })
    {
        await app.WaitForResourceHealthyAsync(name);
    }
    Console.WriteLine($"PIDS {string.Join(',', app.GetAllProcessIds())}");
    // Run() semantics: Ctrl+C / SIGTERM stop everything in order.
    await app.RunAsync();
    return;
}

var startedAt = DateTime.UtcNow;
var healthDelay = TimeSpan.FromMilliseconds(int.Parse(Environment.GetEnvironmentVariable("HEALTH_DELAY_MS") ?? "0"));
var web = WebApplication.CreateSlimBuilder(args);
var app2 = web.Build();
app2.MapGet("/health", () => DateTime.UtcNow - startedAt >= healthDelay ? Results.Text("Healthy") : Results.StatusCode(503));
app2.MapGet("/env", () => Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
    .ToDictionary(e => (string)e.Key, e => (string?)e.Value));
app2.MapPost("/crash/{code:int}", (int code) =>
{
    _ = Task.Run(async () =>
    {
        await Task.Delay(50);
        Environment.Exit(code);
    });
    return Results.Accepted();
});
app2.MapGet("/protocol", (HttpContext context) => context.Request.Protocol);
await app2.RunAsync();
