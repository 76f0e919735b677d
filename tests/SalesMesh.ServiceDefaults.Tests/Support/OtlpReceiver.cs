using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SalesMesh.ServiceDefaults.Tests.Support;

/// <summary>A minimal OTLP/HTTP collector: stores every protobuf body POSTed per signal path.</summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtlpReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<byte[]> Traces { get; } = new();
    public ConcurrentQueue<byte[]> Metrics { get; } = new();
    public ConcurrentQueue<byte[]> Logs { get; } = new();
    public string Endpoint => _app.Urls.First();

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/traces", (HttpRequest request) => receiver.StoreAsync(request, receiver.Traces));
        app.MapPost("/v1/metrics", (HttpRequest request) => receiver.StoreAsync(request, receiver.Metrics));
        app.MapPost("/v1/logs", (HttpRequest request) => receiver.StoreAsync(request, receiver.Logs));
        await app.StartAsync();
        return receiver;
    }

    private async Task<IResult> StoreAsync(HttpRequest request, ConcurrentQueue<byte[]> into)
    {
        if (request.ContentType != "application/x-protobuf")
            return Results.StatusCode(StatusCodes.Status415UnsupportedMediaType);
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        into.Enqueue(body.ToArray());
        // An empty ExportTraceServiceResponse is a valid (zero-length) protobuf message.
        return Results.Bytes([], "application/x-protobuf");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
