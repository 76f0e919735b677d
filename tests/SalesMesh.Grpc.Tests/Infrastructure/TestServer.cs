using System.Net;
using Grpc.AspNetCore.Server;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SalesMesh.Grpc.Tests.Infrastructure;

/// <summary>A real Kestrel server on 127.0.0.1 (random port), HTTP/2 prior knowledge only, plus an optional HTTP/1.1 endpoint.</summary>
public sealed class TestServer : IAsyncDisposable
{
    private readonly List<GrpcChannel> _channels = [];

    private TestServer(WebApplication app, ListenOptions http2, ListenOptions? http1, TestProbe probe)
    {
        App = app;
        Probe = probe;
        Address = $"http://127.0.0.1:{http2.IPEndPoint!.Port}";
        Http1Address = http1 is null ? null : $"http://127.0.0.1:{http1.IPEndPoint!.Port}";
    }

    public WebApplication App { get; }

    public TestProbe Probe { get; }

    public string Address { get; }

    public string? Http1Address { get; }

    public static async Task<TestServer> StartAsync(
        Action<GrpcServiceOptions>? grpcOptions = null,
        Action<IServiceCollection>? services = null,
        Action<WebApplication>? map = null,
        bool withHttp1Endpoint = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        ListenOptions? http2 = null;
        ListenOptions? http1 = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                http2 = listen;
            });
            if (withHttp1Endpoint)
            {
                kestrel.Listen(IPAddress.Loopback, 0, listen =>
                {
                    listen.Protocols = HttpProtocols.Http1;
                    http1 = listen;
                });
            }
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));

        var probe = new TestProbe();
        builder.Services.AddSingleton(probe);
        builder.Services.AddGrpc(grpcOptions);
        services?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapGrpcService<EchoService>();
        map?.Invoke(app);
        await app.StartAsync();
        return new TestServer(app, http2!, http1, probe);
    }

    public GrpcChannel CreateChannel(GrpcChannelOptions? options = null)
    {
        var channel = GrpcChannel.ForAddress(Address, options);
        _channels.Add(channel);
        return channel;
    }

    public Contracts.Echo.EchoClient CreateClient(GrpcChannelOptions? options = null) => new(CreateChannel(options));

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        await App.StopAsync();
        await App.DisposeAsync();
    }
}
