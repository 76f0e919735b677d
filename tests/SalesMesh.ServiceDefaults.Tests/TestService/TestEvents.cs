using MassTransit;

namespace SalesMesh.ServiceDefaults.Tests.TestService;

/// <summary>Test-only twin of LeadReceived, under the same naming convention.</summary>
[MessageUrn(EventName)]
[EntityName(EventName)]
public sealed record TestLeadReceived(Guid LeadId, string Channel)
{
    public const string EventName = "salesmesh.sdtests.v1.lead-received";
}

/// <summary>An event whose consumer always fails: exercises retries and the error queue.</summary>
[MessageUrn(EventName)]
[EntityName(EventName)]
public sealed record TestPoison(Guid Id)
{
    public const string EventName = "salesmesh.sdtests.v1.poison";
}

/// <summary>No [MessageUrn]: the outbox must refuse it.</summary>
public sealed record UnnamedEvent(Guid Id);
