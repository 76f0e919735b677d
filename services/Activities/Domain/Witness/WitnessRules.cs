namespace SalesMesh.Activities.Domain.Witness;

/// <summary>Pure witness-mode decisions: is review needed, when is it due, how far has it escalated.</summary>
public static class WitnessRules
{
    /// <summary>Checks an admin-configured policy before it is saved.</summary>
    public static IReadOnlyList<DomainError> ValidatePolicy(WitnessPolicy policy)
    {
        var errors = new List<DomainError>();
        if (policy.Threshold.Amount < 0)
        {
            errors.Add(new DomainError("witness.negative_threshold", "threshold", new("见证阈值不能为负数", "The witness threshold must not be negative")));
        }
        if (policy.ReviewWindow <= TimeSpan.Zero)
        {
            errors.Add(new DomainError("witness.invalid_window", "reviewWindow", new("审核时限必须大于 0", "The review window must be positive")));
        }
        if (policy.EscalationInterval <= TimeSpan.Zero)
        {
            errors.Add(new DomainError("witness.invalid_interval", "escalationInterval", new("升级间隔必须大于 0", "The escalation interval must be positive")));
        }
        if (policy.MaxEscalationLevel < 1)
        {
            errors.Add(new DomainError("witness.invalid_max_level", "maxEscalationLevel", new("最高升级层级至少为 1", "The maximum escalation level must be at least 1")));
        }
        return errors;
    }

    public static DomainResult<bool> IsReviewRequired(WitnessPolicy policy, Money customerValue)
    {
        if (!string.Equals(policy.Threshold.Currency, customerValue.Currency, StringComparison.Ordinal))
        {
            return DomainResult<bool>.Failure(new DomainError("witness.currency_mismatch", "customerValue",
                new($"客户金额币种 {customerValue.Currency} 与见证阈值币种 {policy.Threshold.Currency} 不一致",
                    $"Customer value currency {customerValue.Currency} differs from the witness threshold currency {policy.Threshold.Currency}")));
        }
        return DomainResult<bool>.Success(customerValue.Amount > policy.Threshold.Amount);
    }

    public static WitnessReview Open(WitnessPolicy policy, Guid recordId, string repId, string supervisorId, DateTimeOffset submittedAt) =>
        new(recordId, repId, supervisorId, submittedAt, submittedAt + policy.ReviewWindow);

    /// <summary>
    /// Level 0 until the due time; level 1 (supervisor's manager) from the due time; one more level
    /// per escalation interval, capped. <see cref="ReviewClockStatus.NextCheckAt"/> is when the
    /// level next changes (null when completed or at the cap), for a durable timer.
    /// </summary>
    public static ReviewClockStatus Check(WitnessPolicy policy, WitnessReview review, DateTimeOffset now)
    {
        if (policy.EscalationInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("Invalid witness policy; check it with ValidatePolicy first.", nameof(policy));
        }
        if (review.IsCompleted)
        {
            return new ReviewClockStatus(ReviewClockState.Completed, 0, null);
        }
        if (now < review.DueAt)
        {
            return new ReviewClockStatus(ReviewClockState.Pending, 0, review.DueAt);
        }
        long stepsPast = (now - review.DueAt).Ticks / policy.EscalationInterval.Ticks;
        int level = (int)Math.Min(1 + stepsPast, policy.MaxEscalationLevel);
        DateTimeOffset? next = level < policy.MaxEscalationLevel
            ? review.DueAt + TimeSpan.FromTicks(policy.EscalationInterval.Ticks * level)
            : null;
        return new ReviewClockStatus(ReviewClockState.Escalated, level, next);
    }

    /// <summary>
    /// Records the verdict. The rep's direct supervisor reviews; an admin may give the verdict instead
    /// (<paramref name="asAdmin"/>, as admins decide LeadRouting appeals), and the review says so.
    /// "Needs detail" and "risk" must say what, so a note is mandatory for them. A late verdict is
    /// accepted (and marked late).
    /// </summary>
    public static DomainResult<WitnessReview> RecordVerdict(WitnessReview review, string reviewerId, ReviewVerdict verdict, string? note,
        DateTimeOffset now, bool asAdmin = false)
    {
        var errors = new List<DomainError>();
        if (review.IsCompleted)
        {
            errors.Add(new DomainError("witness.already_reviewed", "", new("该拜访纪要已审核", "This visit record has already been reviewed")));
        }
        if (!asAdmin && !string.Equals(reviewerId, review.SupervisorId, StringComparison.Ordinal))
        {
            errors.Add(new DomainError("witness.not_direct_supervisor", "reviewerId",
                new("只有该销售的直属主管或管理员可以审核", "Only the rep's direct supervisor or an admin may review")));
        }
        if (verdict != ReviewVerdict.InfoComplete && TextRules.IsBlank(note))
        {
            errors.Add(new DomainError("witness.note_required", "note",
                new("“需补充”和“有风险”必须说明原因", "'Needs detail' and 'risk' verdicts need a note")));
        }
        if (errors.Count > 0)
        {
            return DomainResult<WitnessReview>.Failure(errors);
        }
        return DomainResult<WitnessReview>.Success(review with
        {
            Verdict = verdict,
            Note = TextRules.IsBlank(note) ? null : TextRules.Trim(note!),
            ReviewedAt = now,
            ReviewedBy = reviewerId,
            ReviewedByAdmin = asAdmin,
        });
    }

    public static BilingualText Label(ReviewVerdict verdict) => verdict switch
    {
        ReviewVerdict.InfoComplete => new("信息完整", "Info complete"),
        ReviewVerdict.NeedsDetail => new("需补充", "Needs detail"),
        ReviewVerdict.Risk => new("有风险", "Risk"),
        _ => throw new ArgumentOutOfRangeException(nameof(verdict)),
    };
}
