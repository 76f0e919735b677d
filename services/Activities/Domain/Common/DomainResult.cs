namespace SalesMesh.Activities.Domain;

/// <summary>Either a value or the complete list of reasons it could not be produced.</summary>
public sealed class DomainResult<T>
{
    private readonly T? _value;

    private DomainResult(T? value, IReadOnlyList<DomainError> errors)
    {
        _value = value;
        Errors = errors;
    }

    public bool IsSuccess => Errors.Count == 0;
    public IReadOnlyList<DomainError> Errors { get; }

    /// <summary>The value; reading it from a failed result is a programming error.</summary>
    public T Value => IsSuccess
        ? _value!
        : throw new InvalidOperationException("Result failed: " + string.Join("; ", Errors));

    public static DomainResult<T> Success(T value) => new(value, []);

    public static DomainResult<T> Failure(IReadOnlyList<DomainError> errors)
    {
        if (errors.Count == 0)
        {
            throw new ArgumentException("A failure needs at least one error.", nameof(errors));
        }
        return new DomainResult<T>(default, errors);
    }

    public static DomainResult<T> Failure(DomainError error) => new(default, [error]);
}
