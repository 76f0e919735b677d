namespace SalesMesh.Activities.Domain;

/// <summary>
/// A specific, user-explainable refusal. <see cref="Code"/> is stable (clients switch on it),
/// <see cref="Path"/> names the offending field ("" when the error is not about one field).
/// </summary>
public sealed record DomainError(string Code, string Path, BilingualText Message)
{
    public override string ToString() => Path.Length == 0 ? $"{Code}: {Message}" : $"{Code} @ {Path}: {Message}";
}
