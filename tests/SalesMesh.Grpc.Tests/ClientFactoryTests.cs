using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SalesMesh.Grpc.Tests.Contracts;
using SalesMesh.Grpc.Tests.Infrastructure;

namespace SalesMesh.Grpc.Tests;

public sealed class ClientFactoryTests
{
    private static ServiceProvider BuildProvider(IConfiguration configuration, Action<IServiceCollection> register)
    {
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        register(services);
        return services.BuildServiceProvider();
    }

    [Theory]
    [InlineData("services:lead-routing:grpc:0")]
    [InlineData("services:lead-routing:http:0")]
    public async Task Address_comes_from_aspire_service_discovery_keys(string key)
    {
        await using var server = await TestServer.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = server.Address }).Build();
        await using var provider = BuildProvider(configuration, s => s.AddGrpcClient<Echo.EchoClient>("lead-routing"));

        var reply = await provider.GetRequiredService<Echo.EchoClient>().UnaryAsync(new EchoRequest { Text = "di" });

        Assert.Equal("di", reply.Text);
    }

    [Fact]
    public async Task Grpc_key_wins_over_http_key()
    {
        await using var server = await TestServer.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["services:lead-routing:grpc:0"] = server.Address,
            ["services:lead-routing:http:0"] = "http://127.0.0.1:1",
        }).Build();
        await using var provider = BuildProvider(configuration, s => s.AddGrpcClient<Echo.EchoClient>("lead-routing"));

        Assert.Equal("ok", (await provider.GetRequiredService<Echo.EchoClient>().UnaryAsync(new EchoRequest { Text = "ok" })).Text);
    }

    [Fact]
    public async Task Environment_variable_form_of_the_key_works()
    {
        await using var server = await TestServer.StartAsync();
        var name = "envtest" + Guid.NewGuid().ToString("N")[..8];
        Environment.SetEnvironmentVariable($"services__{name}__grpc__0", server.Address);
        try
        {
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
            await using var provider = BuildProvider(configuration, s => s.AddGrpcClient<Echo.EchoClient>(name));

            Assert.Equal("env", (await provider.GetRequiredService<Echo.EchoClient>().UnaryAsync(new EchoRequest { Text = "env" })).Text);
        }
        finally
        {
            Environment.SetEnvironmentVariable($"services__{name}__grpc__0", null);
        }
    }

    [Fact]
    public async Task Explicit_address_and_interceptors_and_channel_options_apply()
    {
        await using var server = await TestServer.StartAsync();
        var configuration = new ConfigurationBuilder().Build();
        await using var provider = BuildProvider(configuration, s =>
        {
            s.AddSingleton<CountingInterceptor>();
            s.AddGrpcClient<Echo.EchoClient>("echo", o => o.Address = new Uri(server.Address))
                .AddInterceptor<CountingInterceptor>()
                .ConfigureChannel(o => o.MaxReceiveMessageSize = 100);
        });
        var client = provider.GetRequiredService<Echo.EchoClient>();

        await client.UnaryAsync(new EchoRequest { Text = "x" });
        var ex = await Assert.ThrowsAsync<RpcException>(() => client.UnaryAsync(new EchoRequest { Mode = "big", Count = 1000 }).ResponseAsync);

        Assert.Equal(2, provider.GetRequiredService<CountingInterceptor>().Calls);
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Fact]
    public async Task Missing_address_fails_clearly_when_the_client_is_resolved()
    {
        var configuration = new ConfigurationBuilder().Build();
        await using var provider = BuildProvider(configuration, s => s.AddGrpcClient<Echo.EchoClient>("lead-routing"));

        var ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<Echo.EchoClient>());

        Assert.Contains("services:lead-routing:grpc:0", ex.Message);
        Assert.Contains("services__lead-routing__grpc__0", ex.Message);
    }

    public sealed class CountingInterceptor : Interceptor
    {
        private int _calls;

        public int Calls => _calls;

        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
        {
            Interlocked.Increment(ref _calls);
            return continuation(request, context);
        }
    }
}
