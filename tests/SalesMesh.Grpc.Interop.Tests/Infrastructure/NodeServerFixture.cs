using System.Collections.Concurrent;
using System.Text.Json;

namespace SalesMesh.Grpc.Interop.Tests.Infrastructure;

/// <summary>
/// A node peer server (node/server.js = grpc-js, or node/h2capture.js = bare HTTP/2) started once
/// per test class. Collects the JSON lines it prints after {"port":N} as events.
/// </summary>
public abstract class NodeServerFixture(string script) : IAsyncLifetime
{
    private readonly ConcurrentQueue<JsonElement> _events = new();
    private NodeProcess? _process;
    private Task? _pump;

    public string Address { get; private set; } = "";

    public IReadOnlyCollection<JsonElement> Events => _events.ToArray();

    public async Task InitializeAsync()
    {
        _process = NodeProcess.StartNode(script);
        var ready = await _process.ReadJsonLineAsync(TimeSpan.FromSeconds(30));
        Address = $"http://127.0.0.1:{ready.GetProperty("port").GetInt32()}";
        _pump = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    _events.Enqueue(await _process.ReadJsonLineAsync(TimeSpan.FromHours(1)));
                }
            }
            catch (Exception)
            {
                // The process ended (fixture disposal).
            }
        });
    }

    /// <summary>Waits until an event matching <paramref name="match"/> was printed.</summary>
    public async Task<JsonElement?> WaitForEventAsync(Func<JsonElement, bool> match, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            foreach (var e in _events)
            {
                if (match(e))
                {
                    return e;
                }
            }

            await Task.Delay(20);
        }

        return null;
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        if (_pump is not null)
        {
            await _pump;
        }
    }
}

/// <summary>@grpc/grpc-js server implementing the interop service.</summary>
public sealed class GrpcJsServerFixture() : NodeServerFixture("server.js");

/// <summary>Bare HTTP/2 server recording request framing.</summary>
public sealed class H2CaptureFixture() : NodeServerFixture("h2capture.js");
