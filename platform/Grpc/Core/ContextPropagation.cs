namespace Grpc.Core;

/// <summary>What a child call inherits from the server call that made it.</summary>
public class ContextPropagationOptions
{
    public static readonly ContextPropagationOptions Default = new();

    public ContextPropagationOptions(bool propagateDeadline = true, bool propagateCancellation = true)
    {
        IsPropagateDeadline = propagateDeadline;
        IsPropagateCancellation = propagateCancellation;
    }

    public bool IsPropagateDeadline { get; }

    public bool IsPropagateCancellation { get; }
}

/// <summary>Carries a server call's deadline and cancellation into outgoing calls (CallOptions.PropagationToken).</summary>
public abstract class ContextPropagationToken
{
    internal abstract DateTime? ParentDeadline { get; }

    internal abstract CancellationToken ParentCancellationToken { get; }

    internal abstract ContextPropagationOptions Options { get; }
}

internal sealed class ServerCallPropagationToken(ServerCallContext parent, ContextPropagationOptions options) : ContextPropagationToken
{
    internal override DateTime? ParentDeadline => parent.Deadline == DateTime.MaxValue ? null : parent.Deadline;

    internal override CancellationToken ParentCancellationToken => parent.CancellationToken;

    internal override ContextPropagationOptions Options => options;
}
