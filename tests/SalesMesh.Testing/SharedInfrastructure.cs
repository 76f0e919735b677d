using System.Reflection;
using SalesMesh.Hosting.Processes;
using SalesMesh.Hosting.Servers;

namespace SalesMesh.Testing;

/// <summary>
/// PostgreSQL, RabbitMQ and Redis started at most once per test process, each on first use,
/// with the same launcher classes the AppHost uses. Fresh temporary data, allocated ports,
/// stopped when the process exits (and killed by the kernel if the process is killed).
/// Isolation between test classes comes from fresh databases, virtual hosts and key prefixes.
/// </summary>
public static class SharedInfrastructure
{
    private static readonly Lazy<State> Current = new(() => new State(), LazyThreadSafetyMode.ExecutionAndPublication);
    private static int _counter;

    /// <summary>Temporary root of this process's server data (deleted at exit).</summary>
    public static string DataRoot => Current.Value.Root;

    public static Task<PostgresServer> GetPostgresAsync() => Current.Value.Postgres.Value;
    public static Task<RabbitMqServer> GetRabbitMqAsync() => Current.Value.RabbitMq.Value;
    public static Task<RedisServer> GetRedisAsync() => Current.Value.Redis.Value;

    /// <summary>A fresh, empty database; returns its connection string (Aspire format).</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var postgres = await GetPostgresAsync().ConfigureAwait(false);
        var name = UniqueName(prefix, 63);
        await postgres.CreateDatabaseIfNotExistsAsync(name, cancellationToken).ConfigureAwait(false);
        return postgres.GetConnectionString(name);
    }

    /// <summary>A fresh virtual host with full rights for guest; returns amqp://guest:guest@127.0.0.1:P/vhost.</summary>
    public static async Task<string> CreateVirtualHostAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var rabbit = await GetRabbitMqAsync().ConfigureAwait(false);
        var name = UniqueName(prefix, 100);
        await rabbit.CreateVirtualHostAsync(name, cancellationToken).ConfigureAwait(false);
        return rabbit.GetConnectionString(name);
    }

    public static async Task<string> GetRedisConnectionStringAsync() => (await GetRedisAsync().ConfigureAwait(false)).ConnectionString;

    /// <summary>A key prefix no other test uses, e.g. "outbox:3f9a1c2e:".</summary>
    public static string NewRedisKeyPrefix(string prefix) => $"{Sanitize(prefix, 40)}:{Guid.NewGuid().ToString("N")[..8]}:";

    /// <summary>Stops the shared broker (SIGTERM, data and port kept). Every test using the shared
    /// broker sees the outage: put such tests in a non-parallel collection, or use
    /// <see cref="StartPrivateRabbitMqAsync"/>.</summary>
    public static async Task StopRabbitMqAsync() => await (await GetRabbitMqAsync().ConfigureAwait(false)).StopAsync().ConfigureAwait(false);

    /// <summary>Starts the shared broker again on the same port with the same data.</summary>
    public static async Task StartRabbitMqAsync(CancellationToken cancellationToken = default) =>
        await (await GetRabbitMqAsync().ConfigureAwait(false)).StartAsync(cancellationToken).ConfigureAwait(false);

    public static async Task StopPostgresAsync() => await (await GetPostgresAsync().ConfigureAwait(false)).StopAsync().ConfigureAwait(false);

    public static async Task StartPostgresAsync(CancellationToken cancellationToken = default) =>
        await (await GetPostgresAsync().ConfigureAwait(false)).StartAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>A broker of your own (own ports and data, ~8 s to boot) for tests that stop,
    /// kill or restart it without disturbing other tests. Dispose it when done.</summary>
    public static async Task<RabbitMqServer> StartPrivateRabbitMqAsync(string name, CancellationToken cancellationToken = default)
    {
        var server = new RabbitMqServer(new RabbitMqServerOptions
        {
            Name = name,
            DataDirectory = Path.Combine(DataRoot, UniqueName(name, 40)),
            Port = PortAllocator.AllocateBlock(RabbitMqServer.PortBlockSize),
            EnableManagementPlugin = Current.Value.RabbitManagement,
        });
        Current.Value.Track(server);
        await server.StartAsync(cancellationToken).ConfigureAwait(false);
        return server;
    }

    /// <summary>A PostgreSQL server of your own, like <see cref="StartPrivateRabbitMqAsync"/>.</summary>
    public static async Task<PostgresServer> StartPrivatePostgresAsync(string name, CancellationToken cancellationToken = default)
    {
        var server = new PostgresServer(new PostgresServerOptions
        {
            Name = name,
            DataDirectory = Path.Combine(DataRoot, UniqueName(name, 40)),
            Port = PortAllocator.Allocate(),
            UnsafeFastWrites = true,
        });
        Current.Value.Track(server);
        await server.StartAsync(cancellationToken).ConfigureAwait(false);
        return server;
    }

    /// <summary>"Outbox Tests" → "outbox_tests_7_a1b2c3": lowercase, safe for databases and vhosts.</summary>
    public static string UniqueName(string prefix, int maxLength)
    {
        var suffix = $"_{Interlocked.Increment(ref _counter)}_{Guid.NewGuid().ToString("N")[..8]}";
        var head = Sanitize(prefix, maxLength - suffix.Length);
        return head + suffix;
    }

    private static string Sanitize(string prefix, int maxLength)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        var chars = prefix.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray();
        var text = new string(chars);
        if (!char.IsAsciiLetter(text[0]))
        {
            text = "t_" + text;
        }
        return text.Length <= maxLength ? text : text[..maxLength];
    }

    private sealed class State
    {
        private readonly List<ManagedServer> _servers = [];

        public State()
        {
            var assembly = Assembly.GetEntryAssembly()?.GetName().Name ?? "tests";
            var parent = Path.Combine(Path.GetTempPath(), "salesmesh-tests");
            DeleteAbandonedRoots(parent);
            Root = Path.Combine(parent, $"{Environment.ProcessId}-{Guid.NewGuid():N}"[..20]);
            Directory.CreateDirectory(Root);
            RabbitManagement = Environment.GetEnvironmentVariable("SALESMESH_TEST_RABBITMQ_MANAGEMENT") == "1";
            Postgres = new(() => StartAsync(new PostgresServer(new PostgresServerOptions
            {
                Name = "test-postgres",
                DataDirectory = Path.Combine(Root, "postgres"),
                Port = PortAllocator.Allocate(),
                UnsafeFastWrites = true,
            })));
            RabbitMq = new(() => StartAsync(new RabbitMqServer(new RabbitMqServerOptions
            {
                Name = "test-rabbitmq",
                DataDirectory = Path.Combine(Root, "rabbitmq"),
                Port = PortAllocator.AllocateBlock(RabbitMqServer.PortBlockSize),
                EnableManagementPlugin = RabbitManagement,
            })));
            Redis = new(() => StartAsync(new RedisServer(new RedisServerOptions
            {
                Name = "test-redis",
                DataDirectory = Path.Combine(Root, "redis"),
                Port = PortAllocator.Allocate(),
            })));
            AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAll();
        }

        public string Root { get; }
        public bool RabbitManagement { get; }
        public Lazy<Task<PostgresServer>> Postgres { get; }
        public Lazy<Task<RabbitMqServer>> RabbitMq { get; }
        public Lazy<Task<RedisServer>> Redis { get; }

        public void Track(ManagedServer server)
        {
            lock (_servers)
            {
                _servers.Add(server);
            }
        }

        private async Task<T> StartAsync<T>(T server) where T : ManagedServer
        {
            Track(server);
            await server.StartAsync().ConfigureAwait(false);
            return server;
        }

        private void StopAll()
        {
            ManagedServer[] servers;
            lock (_servers)
            {
                servers = [.. _servers];
            }
            Task.WaitAll(servers.Select(s => s.StopAsync()).ToArray(), TimeSpan.FromSeconds(20));
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a later run removes roots whose process is gone.
            }
        }

        /// <summary>Roots named after a pid that no longer runs are left by killed test runs.</summary>
        private static void DeleteAbandonedRoots(string parent)
        {
            if (!Directory.Exists(parent))
            {
                return;
            }
            foreach (var dir in Directory.GetDirectories(parent))
            {
                var name = Path.GetFileName(dir);
                var dash = name.IndexOf('-', StringComparison.Ordinal);
                if (dash > 0 && int.TryParse(name[..dash], out var pid) && !LibC.ProcessExists(pid))
                {
                    try
                    {
                        Directory.Delete(dir, recursive: true);
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        // Another run may be deleting it at the same moment.
                    }
                }
            }
        }
    }
}
