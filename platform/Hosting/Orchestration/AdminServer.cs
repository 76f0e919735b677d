using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting.Orchestration;

/// <summary>
/// The ops dashboard: GET /api/resources (JSON, one object per resource) and GET / (an HTML
/// table that refreshes itself). Loopback only.
/// </summary>
internal sealed class AdminServer(ResourceNotificationService notifications) : IAsyncDisposable
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = true,
    };

    private WebApplication? _app;

    public Uri? Url { get; private set; }

    public async Task StartAsync(int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        _app = builder.Build();
        _app.MapGet("/api/resources", () => Results.Json(notifications.Snapshots, Json));
        _app.MapGet("/api/resources/{name}", (string name) =>
            notifications.TryGet(name) is { } snapshot
                ? Results.Json(snapshot, Json)
                : Results.Json(new { error = $"No resource named '{name}'." }, Json, statusCode: 404));
        _app.MapGet("/", () => Results.Content(DashboardPage.Html, "text/html; charset=utf-8"));
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Url = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }
}

internal static class DashboardPage
{
    // Bilingual labels: zh-CN first, English beside it.
    public const string Html = """
        <!doctype html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <title>SalesMesh 运维面板 · Ops dashboard</title>
        <style>
          body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; }
          table { border-collapse: collapse; width: 100%; }
          th, td { text-align: left; padding: .35rem .7rem; border-bottom: 1px solid #ddd; font-size: .9rem; }
          th { background: #f4f4f4; }
          .Healthy { color: #137333; font-weight: 600; }
          .Unhealthy { color: #c5221f; font-weight: 600; }
          .Unknown { color: #777; }
          code { font-size: .85rem; }
        </style>
        </head>
        <body>
        <h1>SalesMesh 运维面板 <small>Ops dashboard</small></h1>
        <p id="updated"></p>
        <table>
          <thead><tr><th>资源 Resource</th><th>类型 Type</th><th>状态 State</th><th>健康 Health</th><th>PID</th><th>重启 Restarts</th><th>端点 Endpoints</th><th>最近错误 Last error</th></tr></thead>
          <tbody id="rows"></tbody>
        </table>
        <script>
        const esc = s => String(s ?? '').replace(/[&<>"]/g, c => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]));
        async function refresh() {
          try {
            const resources = await (await fetch('/api/resources')).json();
            document.getElementById('rows').innerHTML = resources.map(r => `<tr>
              <td>${esc(r.name)}</td><td>${esc(r.type)}</td><td>${esc(r.state)}</td>
              <td class="${esc(r.health)}">${esc(r.health)}</td><td>${esc(r.pid ?? '-')}</td><td>${r.restarts}</td>
              <td>${Object.entries(r.endpoints).map(([k, v]) => `<code>${esc(k)}=${esc(v)}</code>`).join('<br>')}</td>
              <td>${esc(r.lastError ?? '')}</td></tr>`).join('');
            document.getElementById('updated').textContent = '更新于 Updated ' + new Date().toLocaleTimeString();
          } catch (e) {
            document.getElementById('updated').textContent = 'AppHost 不可达 · AppHost unreachable';
          }
        }
        refresh();
        setInterval(refresh, 2000);
        </script>
        </body>
        </html>
        """;
}
