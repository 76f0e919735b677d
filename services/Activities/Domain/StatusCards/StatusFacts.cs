using SalesMesh.Activities.Domain.VisitRecords;

namespace SalesMesh.Activities.Domain.StatusCards;

public enum StatusColor
{
    Green,
    Yellow,
    Red,
}

public enum AttachmentPurpose
{
    RequirementConfirmation,
    Other,
}

/// <summary>
/// An attached file and whether its bytes are a PDF (<see cref="PdfSignature"/>: decided by the
/// content, never by the name). Content never changes after upload, so the verdict is taken once.
/// </summary>
public sealed record StatusAttachment(string FileName, AttachmentPurpose Purpose, bool IsPdf);

/// <summary>What the status card is computed from; gathered by the service from records and attachments.</summary>
public sealed record CustomerStatusFacts(
    bool NeedVerified,
    BudgetStatus? Budget,
    bool KeyPersonAgrees,
    bool SourceQuestionable,
    DateTimeOffset? LastEffectiveInteractionAt,
    IReadOnlyList<StatusAttachment> Attachments);

public sealed record StatusReason(string Code, BilingualText Text);

/// <summary>An automatic evaluation: the colour and every reason for it.</summary>
public sealed record StatusEvaluation(StatusColor Color, IReadOnlyList<StatusReason> Reasons, DateTimeOffset EvaluatedAt);
