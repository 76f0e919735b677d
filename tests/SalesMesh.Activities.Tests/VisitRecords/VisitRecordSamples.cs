using SalesMesh.Activities.Domain.VisitRecords;

namespace SalesMesh.Activities.Tests.VisitRecords;

internal static class VisitRecordSamples
{
    public static readonly DateTimeOffset ServerNow = new(2026, 11, 22, 6, 0, 0, TimeSpan.Zero);

    /// <summary>A complete, valid submission as a phone would send it (Shanghai time).</summary>
    public static VisitRecordInput Valid() => new()
    {
        ClientRecordId = Guid.Parse("6f1c2a3b-1111-4222-8333-944455566677"),
        CustomerId = "cust-hz-001",
        RepId = "rep-zhang",
        VisitedAt = new DateTimeOffset(2026, 11, 22, 10, 30, 0, TimeSpan.FromHours(8)),
        Budget = "confirmedBelow500k",
        ObjectionType = "price",
        BiggestConcern = "technicalMismatch",
        PromisedDeliverable = "<p>周五前发送<b>技术对比</b>文档</p>",
        NextTouchpoint = new NextTouchpointInput(new DateTimeOffset(2026, 11, 25, 14, 0, 0, TimeSpan.FromHours(8)), ["王总", "李工"], "方案演示"),
        Gps = new GeoPointInput(30.2741, 120.1551),
        CallRecordingSummaryRef = "rec-2026-11-22-001",
    };
}
