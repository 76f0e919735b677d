using Google.Protobuf.WellKnownTypes;
using SalesMesh.Activities.Data.FollowUp;
using SalesMesh.Activities.Domain.StatusCards;
using SalesMesh.Activities.FollowUp.Alerts;
using SalesMesh.Contracts.Common.V1;
using Proto = SalesMesh.Contracts.Activities.V1;
using DomainVerdict = SalesMesh.Activities.Domain.Witness.ReviewVerdict;

namespace SalesMesh.Activities.FollowUp.Grpc;

/// <summary>Stored rows and domain values → FollowUpService messages (and the enums both ways).</summary>
public static class FollowUpMapping
{
    public static Timestamp Time(DateTimeOffset at) => Timestamp.FromDateTimeOffset(at);

    public static UserId User(string id) => new() { Value = id };

    public static CustomerId Customer(Guid id) => new() { Value = id.ToString() };

    public static string? KindName(Proto.DocumentKind kind) => kind switch
    {
        Proto.DocumentKind.RequirementConfirmation => DocumentKinds.RequirementConfirmation,
        Proto.DocumentKind.Other => DocumentKinds.Other,
        _ => null,
    };

    public static Proto.CustomerDocument Document(CustomerDocumentRecord d) => new()
    {
        DocumentId = d.Id.ToString(),
        CustomerId = Customer(d.CustomerId),
        VisitRecordId = d.VisitRecordId?.ToString() ?? "",
        Kind = d.Kind == DocumentKinds.RequirementConfirmation ? Proto.DocumentKind.RequirementConfirmation : Proto.DocumentKind.Other,
        FileName = d.FileName,
        ContentType = d.ContentType,
        SizeBytes = d.SizeBytes,
        Sha256 = d.Sha256,
        AttachedBy = User(d.AttachedBy),
        AttachedAt = Time(d.AttachedAt),
    };

    public static Proto.StatusColor Color(StatusColor color) => color switch
    {
        StatusColor.Green => Proto.StatusColor.Green,
        StatusColor.Yellow => Proto.StatusColor.Yellow,
        StatusColor.Red => Proto.StatusColor.Red,
        _ => throw new ArgumentOutOfRangeException(nameof(color)),
    };

    public static StatusColor? Color(Proto.StatusColor color) => color switch
    {
        Proto.StatusColor.Green => StatusColor.Green,
        Proto.StatusColor.Yellow => StatusColor.Yellow,
        Proto.StatusColor.Red => StatusColor.Red,
        _ => null,
    };

    public static Proto.StatusCard Card(Guid customerId, StatusCard card, bool provisional)
    {
        var message = new Proto.StatusCard
        {
            CustomerId = Customer(customerId),
            Color = Color(card.Color),
            AutomaticColor = Color(card.Automatic.Color),
            EvaluatedAt = Time(card.Automatic.EvaluatedAt),
            OverrideDeadline = Time(card.Automatic.EvaluatedAt + StatusCardRules.OverrideWindow),
            Overridden = card.WasOverridden,
            ConsecutiveReds = card.ConsecutiveReds,
            Provisional = provisional,
        };
        message.Reasons.AddRange(card.Automatic.Reasons.Select(r => new Proto.StatusReason
        {
            Code = r.Code,
            Text = new LocalizedText { ZhCn = r.Text.Zh, En = r.Text.En },
        }));
        if (card.Override is { } manual)
        {
            message.Override = new Proto.StatusOverride
            {
                From = Color(manual.From),
                To = Color(manual.To),
                Reason = manual.Reason,
                Actor = User(manual.ActorId),
                At = Time(manual.At),
            };
        }
        return message;
    }

    public static DomainVerdict? Verdict(Proto.ReviewVerdict verdict) => verdict switch
    {
        Proto.ReviewVerdict.InfoComplete => DomainVerdict.InfoComplete,
        Proto.ReviewVerdict.NeedsDetail => DomainVerdict.NeedsDetail,
        Proto.ReviewVerdict.Risk => DomainVerdict.Risk,
        _ => null,
    };

    public static Proto.WitnessReview Review(WitnessReviewRecord r)
    {
        var message = new Proto.WitnessReview
        {
            VisitRecordId = r.VisitRecordId.ToString(),
            CustomerId = Customer(r.CustomerId),
            Rep = User(r.RepId),
            Supervisor = r.SupervisorId is null ? null : User(r.SupervisorId),
            TeamId = r.TeamId ?? "",
            CustomerValue = r.CustomerValue.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture),
            SubmittedAt = Time(r.SubmittedAt),
            DueAt = Time(r.DueAt),
            EscalationLevel = r.EscalationLevel,
            Note = r.Note ?? "",
            Late = r.ReviewedAt is { } at && at > r.DueAt,
        };
        if (r.Verdict is not null)
        {
            message.Verdict = Witness.WitnessReviewService.ParseVerdict(r.Verdict) switch
            {
                DomainVerdict.InfoComplete => Proto.ReviewVerdict.InfoComplete,
                DomainVerdict.NeedsDetail => Proto.ReviewVerdict.NeedsDetail,
                _ => Proto.ReviewVerdict.Risk,
            };
        }
        if (r.ReviewedAt is { } reviewedAt)
        {
            message.ReviewedAt = Time(reviewedAt);
        }
        if (r.ReviewedBy is { } reviewer)
        {
            message.ReviewedBy = User(reviewer);
            message.ReviewedByAdmin = r.ReviewedByAdmin;
        }
        return message;
    }

    public static Proto.FollowUpTask Task(FollowUpTaskRecord t)
    {
        var message = new Proto.FollowUpTask
        {
            TaskId = t.Id.ToString(),
            CustomerId = Customer(t.CustomerId),
            Kind = t.Kind,
            Title = new LocalizedText { ZhCn = t.TitleZh, En = t.TitleEn },
            AssigneeRole = t.AssigneeRole,
            CustomerOwner = User(t.CustomerOwnerId),
            CreatedAt = Time(t.CreatedAt),
            DueAt = Time(t.DueAt),
            CompletionNote = t.CompletionNote ?? "",
        };
        if (t.CompletedAt is { } completedAt)
        {
            message.CompletedAt = Time(completedAt);
            message.CompletedBy = User(t.CompletedBy!);
        }
        return message;
    }

    public static Proto.FollowUpAlert Alert(FollowUpAlertRecord a)
    {
        var interventions = AlertService.Interventions(a);
        var message = new Proto.FollowUpAlert
        {
            AlertId = a.Id.ToString(),
            Kind = a.Kind,
            CustomerId = Customer(a.CustomerId),
            VisitRecordId = a.VisitRecordId.ToString(),
            Message = new LocalizedText { ZhCn = a.MessageZh, En = a.MessageEn },
            RaisedAt = Time(a.RaisedAt),
            State = a.State == AlertService.Dismissed ? Proto.AlertState.Dismissed : Proto.AlertState.Active,
            Overridden = interventions.Count > 0,
        };
        message.Recipients.AddRange(a.Recipients.Select(User));
        message.RecentVisits.AddRange(AlertService.RecentVisits(a).Select(v => new Proto.AlertVisitSummary
        {
            VisitRecordId = v.VisitRecordId.ToString(),
            VisitedAt = Time(v.VisitedAt),
            Summary = v.Summary,
        }));
        message.Interventions.AddRange(interventions.Select(i => new Proto.AlertIntervention
        {
            Actor = User(i.ActorId),
            Note = i.Note,
            At = Time(i.At),
            Action = i.Action,
        }));
        return message;
    }
}
