using MassTransit;

namespace SalesMesh.Contracts.Events;

/// <summary>
/// A follow-up task was created, e.g. the technical proposal draft (技术方案初稿) for presales when a
/// customer's status card turns yellow → green (AC-7). Published by Activities through its outbox;
/// notification channels consume it to tell the presales engineers.
/// </summary>
/// <param name="TaskId">Activities' task id.</param>
/// <param name="CustomerId">The customer the task is about.</param>
/// <param name="Kind">Stable kind, e.g. "technicalProposalDraft".</param>
/// <param name="TitleZh">Title in Chinese.</param>
/// <param name="TitleEn">Title in English.</param>
/// <param name="AssigneeRole">Role expected to do it, e.g. "presales".</param>
/// <param name="CustomerOwnerUserId">The rep who owns the customer.</param>
/// <param name="CreatedAtUtc">Server time of creation.</param>
/// <param name="DueAtUtc">When it is due (creation + 24 h for proposal drafts).</param>
[MessageUrn(EventName)]
[EntityName(EventName)]
public sealed record TaskCreated(
    Guid TaskId,
    Guid CustomerId,
    string Kind,
    string TitleZh,
    string TitleEn,
    string AssigneeRole,
    string CustomerOwnerUserId,
    DateTimeOffset CreatedAtUtc,
    DateTimeOffset DueAtUtc)
{
    public const string EventName = "salesmesh.activities.v1.task-created";
}
