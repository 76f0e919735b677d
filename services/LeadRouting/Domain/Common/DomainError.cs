namespace SalesMesh.LeadRouting.Domain.Common;

/// <summary>
/// A rule refused an operation. <see cref="Code"/> is stable (for clients and for mapping to gRPC
/// status codes); <see cref="Message"/> is for people; <see cref="Violations"/> lists offending fields.
/// </summary>
public sealed record DomainError(string Code, LocalizedText Message, IReadOnlyList<FieldViolation> Violations)
{
    public DomainError(string code, LocalizedText message) : this(code, message, []) { }
}

/// <summary>Either a value or the reason there is none. Rules return this instead of throwing for bad input.</summary>
public readonly record struct DomainResult<T>
{
    private readonly T? _value;

    private DomainResult(T? value, DomainError? error)
    {
        _value = value;
        Error = error;
    }

    public DomainError? Error { get; }

    public bool IsSuccess => Error is null;

    public T Value => Error is null
        ? _value!
        : throw new InvalidOperationException($"No value: {Error.Code} {Error.Message.En}");

    public static DomainResult<T> Success(T value) => new(value, null);

    public static DomainResult<T> Failure(DomainError error) => new(default, error);

    public static implicit operator DomainResult<T>(DomainError error) => Failure(error);
}
