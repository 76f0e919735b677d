using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using SalesMesh.Hosting.Processes;

namespace SalesMesh.Hosting.Servers;

public sealed class PostgresServerOptions
{
    public string Name { get; init; } = "postgres";
    public required string DataDirectory { get; init; }
    public required int Port { get; init; }

    /// <summary>
    /// Turns off fsync, synchronous_commit and full_page_writes (≈1.8× faster). For throw-away
    /// test clusters only: a crash of the machine can corrupt the data.
    /// </summary>
    public bool UnsafeFastWrites { get; init; }

    public Action<OutputLine>? Output { get; init; }
    public string BinDirectory { get; init; } = "/usr/lib/postgresql/15/bin";
}

/// <summary>
/// A private PostgreSQL 15 cluster. initdb on first start (password generated once and kept in
/// the data directory), TCP only on 127.0.0.1, stop with SIGINT (fast shutdown).
/// PostgreSQL refuses to run as root, so as root the cluster is owned by and run as 'postgres'.
/// </summary>
public sealed partial class PostgresServer : ManagedServer
{
    public const string User = "postgres";
    private const string ServiceUser = "postgres";
    private readonly PostgresServerOptions _options;

    public PostgresServer(PostgresServerOptions options) : base(options.Name, options.DataDirectory, options.Output)
    {
        _options = options;
        Port = options.Port;
        ClusterDirectory = ChooseClusterDirectory(DataDirectory);
    }

    public int Port { get; }

    /// <summary>Where the cluster lives: under the data directory, or under /var/tmp when the
    /// 'postgres' user cannot traverse the data directory's parents (e.g. a repo under /root).</summary>
    public string ClusterDirectory { get; }

    public string Password => _password ??= LoadOrCreatePassword();
    private string? _password;

    /// <summary>Server connection string (no database), Aspire's format.</summary>
    public override string ConnectionString => $"Host=127.0.0.1;Port={Port};Username={User};Password={Password}";

    public string GetConnectionString(string database) => $"{ConnectionString};Database={database}";

    private string PgData => Path.Combine(ClusterDirectory, "pgdata");
    private static bool RunAsServiceUser => LibC.IsRoot;

    protected override async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        _ = Password;
        if (!File.Exists(Path.Combine(PgData, "PG_VERSION")))
        {
            await InitDbAsync(cancellationToken).ConfigureAwait(false);
        }
        // A postmaster.pid left by a SIGKILLed run would block the start; the process is gone
        // (we reap before restarting), and postgres itself verifies the pid it names.
        var arguments = new List<string>
        {
            "-D", PgData, "-p", Port.ToString(), "-c", "listen_addresses=127.0.0.1",
            "-c", "unix_socket_directories=", "-c", "max_connections=300",
        };
        if (_options.UnsafeFastWrites)
        {
            arguments.AddRange(["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]);
        }
        Process = await ChildProcess.StartAsync(new ChildProcessStartInfo
        {
            Name = Name,
            FileName = Path.Combine(_options.BinDirectory, "postgres"),
            Arguments = arguments,
            WorkingDirectory = ClusterDirectory,
            RunAsUser = RunAsServiceUser ? ServiceUser : null,
            // SIGINT = fast shutdown: backends are told to exit, nothing is left behind.
            ParentDeathSignal = LibC.SIGINT,
            OnOutput = Output,
        }).ConfigureAwait(false);
        await WaitUntilAsync(IsHealthyAsync, TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
    }

    protected override async Task StopCoreAsync(bool kill)
    {
        if (Process is { } process)
        {
            await process.StopAsync(kill ? LibC.SIGKILL : LibC.SIGINT, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
    }

    public override async Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default)
    {
        if (!await TcpAcceptsAsync(Port, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }
        var result = await RunToolAsync("pg_isready", ["-q", "-h", "127.0.0.1", "-p", Port.ToString(), "-U", User, "-d", "postgres"], cancellationToken)
            .ConfigureAwait(false);
        return result.ExitCode == 0;
    }

    /// <summary>Creates the database unless it exists. Names: letters, digits, '_' and '-', at most 63.</summary>
    public async Task CreateDatabaseIfNotExistsAsync(string database, CancellationToken cancellationToken = default)
    {
        ValidateDatabaseName(database);
        var exists = await PsqlAsync($"SELECT 1 FROM pg_database WHERE datname = '{database}'", cancellationToken).ConfigureAwait(false);
        if (exists.Trim() == "1")
        {
            return;
        }
        try
        {
            await PsqlAsync($"CREATE DATABASE \"{database}\"", cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException error) when (error.Message.Contains("already exists", StringComparison.Ordinal))
        {
            // Created concurrently by someone else: the outcome we wanted.
        }
    }

    public async Task DropDatabaseIfExistsAsync(string database, CancellationToken cancellationToken = default)
    {
        ValidateDatabaseName(database);
        await PsqlAsync($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs one SQL command with psql against the 'postgres' database; returns unaligned output.</summary>
    public async Task<string> PsqlAsync(string sql, CancellationToken cancellationToken = default, string database = "postgres")
    {
        var result = await RunToolAsync("psql",
            ["-h", "127.0.0.1", "-p", Port.ToString(), "-U", User, "-d", database, "-v", "ON_ERROR_STOP=1", "-tAqc", sql],
            cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Name}: psql failed ({result.ExitCode}): {result.Error.Trim()}");
        }
        return result.Output;
    }

    public static void ValidateDatabaseName(string database) => PostgresServerNames.Validate(database);

    private async Task InitDbAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(PgData);
        var passwordFile = Path.Combine(ClusterDirectory, ".initdb-password");
        await File.WriteAllTextAsync(passwordFile, Password, cancellationToken).ConfigureAwait(false);
        try
        {
            File.SetUnixFileMode(PgData, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            if (RunAsServiceUser)
            {
                var (uid, gid) = LibC.LookupUser(ServiceUser);
                LibC.Chown(ClusterDirectory, uid, gid);
                LibC.ChownRecursive(PgData, uid, gid);
                LibC.Chown(passwordFile, uid, gid);
            }
            var init = await ChildProcess.StartAsync(new ChildProcessStartInfo
            {
                Name = Name,
                FileName = Path.Combine(_options.BinDirectory, "initdb"),
                Arguments =
                [
                    "-D", PgData, "-U", User, "--auth-local=trust", "--auth-host=scram-sha-256", $"--pwfile={passwordFile}",
                    "-E", "UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions",
                ],
                WorkingDirectory = ClusterDirectory,
                RunAsUser = RunAsServiceUser ? ServiceUser : null,
                ParentDeathSignal = LibC.SIGKILL,
            }).ConfigureAwait(false);
            var code = await init.Exited.WaitAsync(TimeSpan.FromSeconds(120), cancellationToken).ConfigureAwait(false);
            if (code != 0)
            {
                // Leave no half-initialised cluster behind: the next start must run initdb again.
                Directory.Delete(PgData, recursive: true);
                throw new ServerStartException(Name, $"initdb failed with exit code {code}", init.RecentOutput());
            }
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    private string LoadOrCreatePassword()
    {
        var file = Path.Combine(DataDirectory, "password");
        if (File.Exists(file))
        {
            return File.ReadAllText(file).Trim();
        }
        Directory.CreateDirectory(DataDirectory);
        // Alphanumeric only: safe inside a connection string and a URL without escaping.
        var password = RandomNumberGenerator.GetString("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 24);
        File.WriteAllText(file, password);
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return password;
    }

    private static string ChooseClusterDirectory(string dataDirectory)
    {
        if (!RunAsServiceUser || ParentsTraversableByOthers(dataDirectory))
        {
            return dataDirectory;
        }
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(dataDirectory)))[..12];
        return Path.Combine("/var/tmp", $"salesmesh-pg-{hash}");
    }

    /// <summary>The postgres user needs +x on every existing ancestor of the data directory.</summary>
    internal static bool ParentsTraversableByOthers(string path)
    {
        for (var dir = Path.GetDirectoryName(Path.GetFullPath(path)); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (Directory.Exists(dir) && !File.GetUnixFileMode(dir).HasFlag(UnixFileMode.OtherExecute))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Deletes the cluster and the password (for reset): next start runs initdb.</summary>
    public void DeleteData()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException($"{Name}: stop the server before deleting its data.");
        }
        if (Directory.Exists(ClusterDirectory))
        {
            Directory.Delete(ClusterDirectory, recursive: true);
        }
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        _password = null;
    }

    private async Task<(int ExitCode, string Output, string Error)> RunToolAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(Path.Combine(_options.BinDirectory, tool))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }
        psi.Environment["PGPASSWORD"] = Password;
        psi.Environment["PGCONNECT_TIMEOUT"] = "5";
        using var process = System.Diagnostics.Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw;
        }
        return (process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
    }

    internal static async Task<bool> TcpAcceptsAsync(int port, CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

public static partial class PostgresServerNames
{
    public static void Validate(string database)
    {
        if (!DatabaseName().IsMatch(database))
        {
            throw new ArgumentException(
                $"Invalid database name '{database}': use 1-63 letters, digits, '_' or '-', starting with a letter or '_'.", nameof(database));
        }
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_-]{0,62}$")]
    private static partial Regex DatabaseName();
}
