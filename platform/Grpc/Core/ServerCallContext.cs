namespace Grpc.Core;

/// <summary>Everything a service handler knows about its call.</summary>
public abstract class ServerCallContext
{
    private Dictionary<object, object>? _userState;

    public string Method => MethodCore;

    public string Host => HostCore;

    public string Peer => PeerCore;

    /// <summary>UTC deadline; DateTime.MaxValue when the client set none.</summary>
    public DateTime Deadline => DeadlineCore;

    public Metadata RequestHeaders => RequestHeadersCore;

    /// <summary>Fires when the client cancels or disconnects, the deadline passes, or (streaming) the host stops.</summary>
    public CancellationToken CancellationToken => CancellationTokenCore;

    public Metadata ResponseTrailers => ResponseTrailersCore;

    public Status Status
    {
        get => StatusCore;
        set => StatusCore = value;
    }

    public WriteOptions? WriteOptions
    {
        get => WriteOptionsCore;
        set => WriteOptionsCore = value;
    }

    public IDictionary<object, object> UserState => UserStateCore;

    public Task WriteResponseHeadersAsync(Metadata responseHeaders) => WriteResponseHeadersAsyncCore(responseHeaders);

    public ContextPropagationToken CreatePropagationToken(ContextPropagationOptions? options = null) => CreatePropagationTokenCore(options);

    protected abstract string MethodCore { get; }

    protected abstract string HostCore { get; }

    protected abstract string PeerCore { get; }

    protected abstract DateTime DeadlineCore { get; }

    protected abstract Metadata RequestHeadersCore { get; }

    protected abstract CancellationToken CancellationTokenCore { get; }

    protected abstract Metadata ResponseTrailersCore { get; }

    protected abstract Status StatusCore { get; set; }

    protected abstract WriteOptions? WriteOptionsCore { get; set; }

    protected virtual IDictionary<object, object> UserStateCore => _userState ??= [];

    protected abstract Task WriteResponseHeadersAsyncCore(Metadata responseHeaders);

    protected virtual ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) =>
        new ServerCallPropagationToken(this, options ?? ContextPropagationOptions.Default);
}
