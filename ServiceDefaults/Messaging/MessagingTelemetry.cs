using System.Diagnostics;
using System.Diagnostics.Metrics;
using SalesMesh.ServiceDefaults.Telemetry;

namespace SalesMesh.ServiceDefaults.Messaging;

internal static class MessagingTelemetry
{
    public static readonly ActivitySource Source = new(TelemetrySources.Messaging);
    private static readonly Meter Meter = new(TelemetrySources.Messaging);

    public static readonly Counter<long> Published = Meter.CreateCounter<long>("salesmesh.outbox.published", "{message}", "Outbox rows published and confirmed by the broker.");
    public static readonly Counter<long> PublishFailures = Meter.CreateCounter<long>("salesmesh.outbox.publish_failures", "{message}", "Outbox publish attempts that failed (the row stays pending).");
    public static readonly Counter<long> Consumed = Meter.CreateCounter<long>("salesmesh.inbox.consumed", "{message}", "Messages applied by an inbox consumer.");
    public static readonly Counter<long> Duplicates = Meter.CreateCounter<long>("salesmesh.inbox.duplicates", "{message}", "Redelivered messages skipped by the inbox.");

    /// <summary>Parses a stored or received W3C traceparent; default when absent or malformed.</summary>
    public static ActivityContext ParentFrom(string? traceParent, string? traceState) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var context) ? context : default;
}
