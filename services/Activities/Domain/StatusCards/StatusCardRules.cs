namespace SalesMesh.Activities.Domain.StatusCards;

/// <summary>
/// Transitions of a status card.
/// - A new automatic evaluation replaces the previous one and clears any override (the facts
///   changed, so the human judgement of the old facts no longer applies).
/// - A manual override is accepted within 24 h of the automatic evaluation (inclusive), needs a
///   reason, and must change the colour.
/// - Every marking (evaluation or override) that leaves the card red extends the red streak; any
///   other colour resets it. Reaching exactly 2 trips LeadRouting's circuit breaker (LR-8) once.
/// - Yellow → green (by either path) creates a presales technical-proposal task due in 24 h.
/// </summary>
public static class StatusCardRules
{
    public static readonly TimeSpan OverrideWindow = TimeSpan.FromHours(24);
    public static readonly TimeSpan PresalesTaskDue = TimeSpan.FromHours(24);
    public const int RedsToTripCircuitBreaker = 2;

    public static StatusCardChange ApplyEvaluation(StatusCard? previous, string customerId, StatusEvaluation evaluation)
    {
        var card = new StatusCard(customerId, evaluation, null, NextStreak(previous, evaluation.Color));
        return Change(previous, card, evaluation.EvaluatedAt);
    }

    public static DomainResult<StatusCardChange> Override(StatusCard card, StatusColor to, string? reason, string actorId, DateTimeOffset now)
    {
        var errors = new List<DomainError>();
        if (now - card.Automatic.EvaluatedAt > OverrideWindow)
        {
            errors.Add(new DomainError("status.override_window_closed", "",
                new($"自动评估已超过 24 小时（评估于 {card.Automatic.EvaluatedAt:yyyy-MM-dd HH:mm} UTC），不能再手动修改状态",
                    $"The automatic evaluation is more than 24 hours old (evaluated {card.Automatic.EvaluatedAt:yyyy-MM-dd HH:mm} UTC); manual override is closed")));
        }
        if (TextRules.IsBlank(reason))
        {
            errors.Add(new DomainError("status.override_reason_required", "reason", new("手动修改状态必须填写原因", "A manual override needs a reason")));
        }
        if (to == card.Color)
        {
            errors.Add(new DomainError("status.override_no_change", "color", new("状态已经是该颜色", "The card already has that colour")));
        }
        if (errors.Count > 0)
        {
            return DomainResult<StatusCardChange>.Failure(errors);
        }
        var overridden = card with
        {
            Override = new StatusOverride(card.Color, to, TextRules.Trim(reason!), actorId, now),
            ConsecutiveReds = NextStreak(card, to),
        };
        return DomainResult<StatusCardChange>.Success(Change(card, overridden, now));
    }

    private static int NextStreak(StatusCard? previous, StatusColor color) =>
        color == StatusColor.Red ? (previous?.ConsecutiveReds ?? 0) + 1 : 0;

    private static StatusCardChange Change(StatusCard? previous, StatusCard next, DateTimeOffset now)
    {
        PresalesTask? task = null;
        if (previous?.Color == StatusColor.Yellow && next.Color == StatusColor.Green)
        {
            task = new PresalesTask(next.CustomerId, PresalesTask.TechnicalProposalDraft,
                new("技术方案初稿", "Technical proposal draft"), now, now + PresalesTaskDue);
        }
        bool trip = next.ConsecutiveReds == RedsToTripCircuitBreaker && (previous?.ConsecutiveReds ?? 0) < RedsToTripCircuitBreaker;
        return new StatusCardChange(next, task, trip);
    }
}
