using MassTransit;
using Microsoft.EntityFrameworkCore;
using SalesMesh.Activities.Customers;
using SalesMesh.Activities.Data;
using SalesMesh.Activities.Domain;
using SalesMesh.Activities.Pipeline;
using SalesMesh.Contracts.Events;
using SalesMesh.ServiceDefaults.Messaging;

namespace SalesMesh.Activities.Messaging;

/// <summary>
/// AC-1: a converted lead becomes a customer owned by the same rep, with a first opportunity in the
/// first open stage, so nobody re-types the lead. Exactly once: the inbox drops redelivered
/// messages, and the unique lead id makes a re-published event (new message id, same lead) a no-op.
/// </summary>
public sealed class LeadConvertedConsumer(ActivitiesDbContext db, TimeProvider time) : InboxConsumer<ActivitiesDbContext, LeadConverted>(db)
{
    public const string Queue = "activities.lead-converted";

    protected override string ConsumerName => "activities-lead-converted";

    protected override async Task HandleAsync(ConsumeContext<LeadConverted> context, CancellationToken ct)
    {
        var lead = context.Message;
        if (await Db.Customers.AnyAsync(c => c.LeadId == lead.LeadId, ct))
        {
            return;
        }
        var pipeline = await PipelineStore.LoadAsync(Db, ct);
        var name = FirstNonBlank(lead.CompanyName, lead.ContactName) ?? "未命名客户";
        var tags = lead.ProductTags ?? [];
        var opportunityName = tags.Count > 0 ? $"{name} · {string.Join("/", tags)}" : name;
        CustomerFactory.Add(Db,
            new CustomerFactory.NewCustomer(lead.OwnerUserId, lead.OwnerTeamId, lead.LeadId, name, FirstNonBlank(lead.ContactName),
                FirstNonBlank(lead.ContactPhone), FirstNonBlank(lead.ContactEmail), tags, "leadrouting"),
            new CustomerFactory.FirstOpportunity(opportunityName, 0m, "CNY"),
            PipelineStore.FirstStage(pipeline.Definition), time.GetUtcNow());
    }

    private static string? FirstNonBlank(params string?[] values) =>
        values.Where(v => !TextRules.IsBlank(v)).Select(v => TextRules.Trim(v!)).FirstOrDefault();
}
