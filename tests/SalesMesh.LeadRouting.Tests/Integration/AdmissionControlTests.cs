using Grpc.Core;
using SalesMesh.Contracts.LeadRouting.V1;
using Npgsql;
using SalesMesh.ServiceDefaults.Admission;
using SalesMesh.ServiceDefaults.Data;
using SalesMesh.LeadRouting.Tests.Operations.Support;

namespace SalesMesh.LeadRouting.Tests.Integration;

/// <summary>A LeadRouting host that runs one call at a time and queues none.</summary>
public sealed class SingleCallHost : LeadRoutingHost
{
    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>
    {
        [$"{CallAdmissionOptions.Section}:MaxConcurrentCalls"] = "1",
        [$"{CallAdmissionOptions.Section}:MaxQueuedCalls"] = "0",
    };
}

/// <summary>Overload: calls beyond the running and waiting limits are refused at once, nothing is half-done, and the service recovers.</summary>
public sealed class AdmissionControlTests(SingleCallHost host) : IClassFixture<SingleCallHost>
{
    private readonly LeadRoutingService.LeadRoutingServiceClient _desk = host.As(People.Rep("desk-" + People.Short(), "desk"));

    [Fact]
    public async Task A_call_beyond_the_limits_is_refused_with_unavailable_and_the_next_one_is_served()
    {
        var slow = People.Lead(People.NewMobile());
        // Hold the intake's idempotency-key lock so the first call stays inside the service.
        await using var blocker = new NpgsqlConnection(host.DatabaseConnectionString);
        await blocker.OpenAsync();
        var lockKey = AdvisoryLockKeys.For("lead-intake:idempotency:" + slow.IdempotencyKey);
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({lockKey})", blocker))
            await take.ExecuteNonQueryAsync();

        var first = _desk.IntakeLeadAsync(slow).ResponseAsync;
        await Eventually.TrueAsync(async () => await WaitingForLockAsync(blocker), "the first intake waits for the lock", 10);

        var refused = await Assert.ThrowsAsync<RpcException>(() => _desk.IntakeLeadAsync(People.Lead(People.NewMobile())).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
        Assert.Contains("服务繁忙", refused.Status.Detail, StringComparison.Ordinal);

        await using (var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({lockKey})", blocker))
            await release.ExecuteNonQueryAsync();
        Assert.False(string.IsNullOrEmpty((await first).LeadId?.Value)); // the waiting call was served in full
        Assert.Equal(1, (await host.TableCountsAsync())["leads"]); // the refused one stored nothing
        Assert.False(string.IsNullOrEmpty((await _desk.IntakeLeadAsync(People.Lead(People.NewMobile())).ResponseAsync).LeadId?.Value));
        Assert.Equal(2, (await host.TableCountsAsync())["leads"]);
    }

    private static async Task<bool> WaitingForLockAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted", connection);
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }
}
