using System.Diagnostics;

namespace Grpc.Core;

/// <summary>The outcome of a call: a code and a human-readable detail.</summary>
[DebuggerDisplay("{ToString(),nq}")]
public readonly struct Status
{
    public static readonly Status DefaultSuccess = new(StatusCode.OK, string.Empty);
    public static readonly Status DefaultCancelled = new(StatusCode.Cancelled, string.Empty);

    public Status(StatusCode statusCode, string detail) : this(statusCode, detail, null)
    {
    }

    public Status(StatusCode statusCode, string detail, Exception? debugException)
    {
        StatusCode = statusCode;
        Detail = detail ?? string.Empty;
        DebugException = debugException;
    }

    public StatusCode StatusCode { get; }

    public string Detail { get; }

    /// <summary>Local-only diagnostic exception; never sent over the wire.</summary>
    public Exception? DebugException { get; }

    public override string ToString() => DebugException is null
        ? $"Status(StatusCode=\"{StatusCode}\", Detail=\"{Detail}\")"
        : $"Status(StatusCode=\"{StatusCode}\", Detail=\"{Detail}\", DebugException=\"{DebugException.GetType()}: {DebugException.Message}\")";
}
