using Google.Rpc;
using System.Collections.Concurrent;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using SalesMesh.Contracts.Common.V1;
using SalesMesh.Contracts.Events;
using SalesMesh.Contracts.Insights.V1;
using SalesMesh.Contracts.LeadRouting.V1;
using SalesMesh.Services.Tests.Support;
using SalesMesh.ServiceDefaults.Identity;
using SalesMesh.Testing;

namespace SalesMesh.Services.Tests.Insights;

public sealed class LeadIntakeStatsTests(InfrastructureFixture infra) : IClassFixture<InfrastructureFixture>
{
    [Fact]
    public async Task Leads_taken_in_by_LeadRouting_are_counted_per_channel_by_Insights()
    {
        var bus = await Mesh.NewBusAsync(infra);
        await using var insights = await Mesh.StartInsightsAsync(infra, bus);
        await using var leadRouting = await Mesh.StartLeadRoutingAsync(infra, bus);
        // An intake desk: LeadRouting takes leads only from signed-in callers.
        var intakeDesk = new Caller("desk-1", "前台", new HashSet<string> { CallerRoles.Rep }, null);
        var intake = leadRouting.ClientAs<LeadRoutingService.LeadRoutingServiceClient>(intakeDesk);
        var stats = insights.Client<InsightsService.InsightsServiceClient>();

        var empty = await stats.GetLeadIntakeStatsAsync(new GetLeadIntakeStatsRequest());
        Assert.Equal(0, empty.TotalLeads);
        Assert.Null(empty.AsOf);

        IntakeLeadResponse? last = null;
        foreach (var (channel, phone) in new[] { (LeadChannel.WebForm, "13800138001"), (LeadChannel.WebForm, "13800138002"), (LeadChannel.Hotline400, "13800138003") })
        {
            last = await intake.IntakeLeadAsync(new IntakeLeadRequest { IdempotencyKey = Guid.NewGuid().ToString(), Channel = channel, Phone = phone });
        }

        GetLeadIntakeStatsResponse counted = empty;
        await Eventually.TrueAsync(async () => (counted = await stats.GetLeadIntakeStatsAsync(new GetLeadIntakeStatsRequest())).TotalLeads == 3,
            "Insights to count the three LeadReceived events");
        Assert.Equal([(LeadChannel.WebForm, 2L), (LeadChannel.Hotline400, 1L)], counted.Channels.Select(c => (c.Channel, c.LeadCount)));
        Assert.Equal(last!.ReceivedAt, counted.AsOf);
    }

    [Fact]
    public async Task A_redelivered_LeadReceived_is_counted_once()
    {
        var bus = await Mesh.NewBusAsync(infra);
        await using var insights = await Mesh.StartInsightsAsync(infra, bus);
        var consumed = new ConsumeProbe();
        var busControl = insights.Services.GetRequiredService<IBus>();
        using var observer = busControl.ConnectConsumeObserver(consumed);

        var messageId = NewId.NextGuid();
        var evt = new LeadReceived(Guid.NewGuid(), "wechat", DateTimeOffset.UtcNow, null);
        // At-least-once delivery: the same message (same MessageId) arrives twice.
        await busControl.Publish(evt, context => context.MessageId = messageId);
        await busControl.Publish(evt, context => context.MessageId = messageId);
        await Eventually.TrueAsync(() => Task.FromResult(consumed.Completed(messageId) == 2), "both deliveries to be consumed");

        var stats = await insights.Client<InsightsService.InsightsServiceClient>().GetLeadIntakeStatsAsync(new GetLeadIntakeStatsRequest());
        Assert.Equal(1, stats.TotalLeads);
        Assert.Equal(LeadChannel.Wechat, Assert.Single(stats.Channels).Channel);
    }

    [Fact]
    public async Task A_range_of_whole_UTC_days_counts_only_those_days()
    {
        var bus = await Mesh.NewBusAsync(infra);
        await using var insights = await Mesh.StartInsightsAsync(infra, bus);
        var busControl = insights.Services.GetRequiredService<IBus>();
        var nov1 = new DateTimeOffset(2026, 11, 1, 23, 59, 59, TimeSpan.Zero);
        var nov2 = new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);
        // 07:30 in Shanghai is still Nov 1 in UTC: days are UTC days.
        var nov1InShanghai = new DateTimeOffset(2026, 11, 2, 7, 30, 0, TimeSpan.FromHours(8));
        foreach (var at in new[] { nov1, nov2, nov1InShanghai })
            await busControl.Publish(new LeadReceived(Guid.NewGuid(), "referral", at, null));

        var stats = insights.Client<InsightsService.InsightsServiceClient>();
        await Eventually.TrueAsync(async () => (await stats.GetLeadIntakeStatsAsync(new GetLeadIntakeStatsRequest())).TotalLeads == 3, "three events counted");

        var day1 = await stats.GetLeadIntakeStatsAsync(new GetLeadIntakeStatsRequest { Range = Range("2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z") });
        var fromDay2 = await stats.GetLeadIntakeStatsAsync(new GetLeadIntakeStatsRequest { Range = new TimeRange { Start = Timestamp.FromDateTimeOffset(nov2) } });
        Assert.Equal(2, day1.TotalLeads);
        Assert.Equal(Timestamp.FromDateTimeOffset(nov1), day1.AsOf);
        Assert.Equal(1, fromDay2.TotalLeads);
    }

    [Theory]
    [InlineData("2026-11-01T08:00:00Z", null, "range.start")]
    [InlineData(null, "2026-11-01T00:00:00.5Z", "range.end")]
    [InlineData("2026-11-02T00:00:00Z", "2026-11-01T00:00:00Z", "range.end")]
    [InlineData("2026-11-01T00:00:00Z", "2026-11-01T00:00:00Z", "range.end")]
    public async Task A_range_not_on_UTC_day_boundaries_is_INVALID_ARGUMENT_naming_the_field(string? start, string? end, string field)
    {
        var bus = await Mesh.NewBusAsync(infra);
        await using var insights = await Mesh.StartInsightsAsync(infra, bus);

        var error = await Assert.ThrowsAsync<RpcException>(() => insights.Client<InsightsService.InsightsServiceClient>()
            .GetLeadIntakeStatsAsync(new GetLeadIntakeStatsRequest { Range = Range(start, end) }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(field, Assert.Single(error.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>()!.FieldViolations).Field);
    }

    private static TimeRange Range(string? start, string? end) => new()
    {
        Start = start is null ? null : Timestamp.FromDateTimeOffset(DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture)),
        End = end is null ? null : Timestamp.FromDateTimeOffset(DateTimeOffset.Parse(end, System.Globalization.CultureInfo.InvariantCulture)),
    };

    /// <summary>Counts finished consumes per MessageId (applied or dropped by the inbox alike).</summary>
    private sealed class ConsumeProbe : IConsumeObserver
    {
        private readonly ConcurrentDictionary<Guid, int> _completed = new();

        public int Completed(Guid messageId) => _completed.GetValueOrDefault(messageId);

        public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

        public Task PostConsume<T>(ConsumeContext<T> context) where T : class
        {
            if (context.MessageId is { } id)
                _completed.AddOrUpdate(id, 1, (_, n) => n + 1);
            return Task.CompletedTask;
        }

        public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Task.CompletedTask;
    }
}
