using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SalesMesh.ServiceDefaults.Tests.Support;
using SalesMesh.ServiceDefaults.Tests.TestService;
using SalesMesh.Testing;

namespace SalesMesh.ServiceDefaults.Tests;

/// <summary>
/// The Npgsql settings AddNpgsqlDbContext gives a service's pooled connections, and that skipping
/// the session reset on close leaves nothing of one request's transaction to the next.
/// </summary>
public sealed class ConnectionDefaultsTests(InfrastructureFixture infra) : IClassFixture<InfrastructureFixture>
{
    [Theory]
    [InlineData("Host=127.0.0.1;Database=unused", true)]
    [InlineData("Host=127.0.0.1;Database=unused;No Reset On Close=false", false)]
    public void Pooled_connections_skip_the_session_reset_unless_the_connection_string_says_otherwise(string database, bool expected)
    {
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(ServiceConnectionString(database)).NoResetOnClose);
    }

    [Fact]
    public async Task A_transaction_left_open_is_rolled_back_before_its_connection_serves_the_next_caller()
    {
        // One pooled connection, so the second open is certainly the same server session.
        var settings = new NpgsqlConnectionStringBuilder(ServiceConnectionString(await infra.CreateDatabaseAsync("sd_no_reset"))) { MaxPoolSize = 1 };
        await using var dataSource = NpgsqlDataSource.Create(settings.ConnectionString);

        int firstSession;
        await using (var first = await dataSource.OpenConnectionAsync())
        {
            // Not disposed either: disposing would roll it back before the close.
            _ = await first.BeginTransactionAsync();
            await Execute(first, "CREATE TABLE left_open (id int)");
            await Execute(first, "SELECT pg_advisory_xact_lock(4242)");
            firstSession = await Scalar<int>(first, "SELECT pg_backend_pid()");
            // Neither committed nor rolled back: closing returns it to the pool mid-transaction.
        }

        await using var second = await dataSource.OpenConnectionAsync();
        Assert.Equal(firstSession, await Scalar<int>(second, "SELECT pg_backend_pid()"));
        Assert.Equal(0L, await Scalar<long>(second, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()"));
        Assert.False(await Scalar<bool>(second, "SELECT to_regclass('left_open') IS NOT NULL"));
    }

    private static string ServiceConnectionString(string database)
    {
        var app = TestServiceHost.Build(new() { Database = database });
        using var scope = app.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<TestDbContext>().Database.GetConnectionString()!;
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> Scalar<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
