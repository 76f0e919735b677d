namespace Grpc.Core;

/// <summary>Per-call settings for a client call.</summary>
public readonly struct CallOptions
{
    public CallOptions(Metadata? headers = null, DateTime? deadline = null, CancellationToken cancellationToken = default,
        WriteOptions? writeOptions = null, ContextPropagationToken? propagationToken = null)
    {
        Headers = headers;
        Deadline = deadline;
        CancellationToken = cancellationToken;
        WriteOptions = writeOptions;
        PropagationToken = propagationToken;
        IsWaitForReady = false;
    }

    private CallOptions(CallOptions other, bool waitForReady) : this(other.Headers, other.Deadline, other.CancellationToken, other.WriteOptions, other.PropagationToken)
    {
        IsWaitForReady = waitForReady;
    }

    public Metadata? Headers { get; }

    /// <summary>UTC deadline of the call; null means none.</summary>
    public DateTime? Deadline { get; }

    public CancellationToken CancellationToken { get; }

    public WriteOptions? WriteOptions { get; }

    public ContextPropagationToken? PropagationToken { get; }

    public bool IsWaitForReady { get; }

    public CallOptions WithHeaders(Metadata? headers) => new(headers, Deadline, CancellationToken, WriteOptions, PropagationToken);

    public CallOptions WithDeadline(DateTime? deadline) => new(Headers, deadline, CancellationToken, WriteOptions, PropagationToken);

    public CallOptions WithCancellationToken(CancellationToken cancellationToken) => new(Headers, Deadline, cancellationToken, WriteOptions, PropagationToken);

    public CallOptions WithWriteOptions(WriteOptions? writeOptions) => new(Headers, Deadline, CancellationToken, writeOptions, PropagationToken);

    public CallOptions WithPropagationToken(ContextPropagationToken? propagationToken) => new(Headers, Deadline, CancellationToken, WriteOptions, propagationToken);

    public CallOptions WithWaitForReady(bool waitForReady = true) => new(this, waitForReady);
}
