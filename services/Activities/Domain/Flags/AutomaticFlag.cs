namespace SalesMesh.Activities.Domain.Flags;

public enum FlagState
{
    Active,
    Changed,
    Dismissed,
}

/// <summary>One human intervention on an automatic flag: who, when, what it was, what it became, why.</summary>
public sealed record FlagIntervention(string ActorId, string Note, DateTimeOffset At, string PreviousValue, string? NewValue);

/// <summary>
/// Anything the automation raised (touchpoint alert, overdue review, red card, rule warning...).
/// <see cref="Value"/> is the flag's current value (e.g. "red", "overdue"); the automation's
/// original value stays in <see cref="RaisedValue"/> and every intervention is kept (AC-10).
/// </summary>
public sealed record AutomaticFlag(
    Guid Id,
    string Kind,
    string SubjectId,
    string RaisedValue,
    IReadOnlyList<string> ResponsibleIds,
    DateTimeOffset RaisedAt)
{
    public FlagState State { get; init; } = FlagState.Active;
    public string Value { get; init; } = RaisedValue;
    public IReadOnlyList<FlagIntervention> Interventions { get; init; } = [];

    /// <summary>True once a person has changed or dismissed what the automation decided.</summary>
    public bool WasOverridden => Interventions.Count > 0;
}

public static class FlagInterventions
{
    public static DomainResult<AutomaticFlag> Dismiss(AutomaticFlag flag, string actorId, string? note, DateTimeOffset now)
    {
        var errors = Check(flag, actorId, note);
        if (errors.Count > 0)
        {
            return DomainResult<AutomaticFlag>.Failure(errors);
        }
        return DomainResult<AutomaticFlag>.Success(flag with
        {
            State = FlagState.Dismissed,
            Interventions = [.. flag.Interventions, new FlagIntervention(actorId, TextRules.Trim(note!), now, flag.Value, null)],
        });
    }

    public static DomainResult<AutomaticFlag> Change(AutomaticFlag flag, string newValue, string actorId, string? note, DateTimeOffset now)
    {
        var errors = Check(flag, actorId, note);
        if (TextRules.IsBlank(newValue))
        {
            errors.Add(new DomainError("flag.blank_value", "value", new("新值不能为空", "The new value must not be blank")));
        }
        else if (newValue == flag.Value)
        {
            errors.Add(new DomainError("flag.no_change", "value", new("新值与当前值相同", "The new value equals the current value")));
        }
        if (errors.Count > 0)
        {
            return DomainResult<AutomaticFlag>.Failure(errors);
        }
        return DomainResult<AutomaticFlag>.Success(flag with
        {
            State = FlagState.Changed,
            Value = newValue,
            Interventions = [.. flag.Interventions, new FlagIntervention(actorId, TextRules.Trim(note!), now, flag.Value, newValue)],
        });
    }

    private static List<DomainError> Check(AutomaticFlag flag, string actorId, string? note)
    {
        var errors = new List<DomainError>();
        if (flag.State == FlagState.Dismissed)
        {
            errors.Add(new DomainError("flag.already_dismissed", "", new("该提醒已被关闭", "This flag has already been dismissed")));
        }
        if (!flag.ResponsibleIds.Contains(actorId))
        {
            errors.Add(new DomainError("flag.not_responsible", "actorId", new("只有负责人可以修改或关闭此提醒", "Only a responsible person may change or dismiss this flag")));
        }
        if (TextRules.IsBlank(note))
        {
            errors.Add(new DomainError("flag.note_required", "note", new("修改或关闭提醒必须填写说明", "Changing or dismissing a flag needs a note")));
        }
        return errors;
    }
}
