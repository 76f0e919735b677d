using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using SalesMesh.Contracts.Activities.V1;
using SalesMesh.Contracts.Common.V1;
using SalesMesh.ServiceDefaults.Identity;
using SalesMesh.ServiceDefaults.Messaging;

namespace SalesMesh.Activities.Tests.Service.Support;

/// <summary>Valid requests the tests start from, and small readers of the service's state.</summary>
public static class Samples
{
    /// <summary>A complete, rule-abiding visit record: budget unconfirmed, concern "other", touchpoint tomorrow.</summary>
    public static VisitRecordContent Visit(string customerId, string? opportunityId = null) => new()
    {
        CustomerId = new CustomerId { Value = customerId },
        OpportunityId = opportunityId is null ? null : new OpportunityId { Value = opportunityId },
        VisitTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(-1)),
        Budget = "unconfirmed",
        BiggestConcern = "other",
        PromisedDeliverable = "下周提供<b>产品白皮书</b>",
        NextTouchpoint = new NextTouchpoint
        {
            Time = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(1)),
            Participants = { "张主任" },
            Topic = "产品演示",
        },
    };

    public static async Task<(Customer Customer, Opportunity Opportunity)> CustomerWithOpportunityAsync(ActivitiesHost host, Caller owner)
    {
        var created = await host.ClientFor(owner).CreateCustomerAsync(new CreateCustomerRequest
        {
            Name = "华东医疗器械有限公司",
            ContactName = "张三",
            ContactPhone = "+8613800138000",
            ContactEmail = "zhang.san@example.com",
            FirstOpportunity = new NewOpportunity { Name = "骨科手术机器人", Amount = new Money { CurrencyCode = "CNY", Units = 800_000 } },
        });
        return (created.Customer, created.FirstOpportunity);
    }

    public static Google.Rpc.BadRequest BadRequestOf(RpcException ex) =>
        ex.GetRpcStatus()?.GetDetail<Google.Rpc.BadRequest>() ?? throw new Xunit.Sdk.XunitException("No BadRequest details in " + ex);

    /// <summary>The stable error code of a refusal (google.rpc.ErrorInfo reason).</summary>
    public static string ReasonOf(RpcException ex) =>
        ex.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason ?? throw new Xunit.Sdk.XunitException("No ErrorInfo in " + ex);

    /// <summary>Outbox rows of one event type whose JSON mentions <paramref name="fragment"/>.</summary>
    public static Task<List<OutboxMessage>> EventsAsync<TEvent>(ActivitiesHost host, string fragment)
    {
        var eventName = EventContracts.NameOf(typeof(TEvent));
        return host.QueryAsync(db => db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.MessageType == eventName && m.Body.Contains(fragment))
            .OrderBy(m => m.Sequence).ToListAsync());
    }
}
