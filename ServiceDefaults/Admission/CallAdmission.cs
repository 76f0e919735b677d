using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace SalesMesh.ServiceDefaults.Admission;

/// <summary>Limits of <see cref="CallAdmissionInterceptor"/> (configuration section <see cref="Section"/>).</summary>
public sealed class CallAdmissionOptions
{
    public const string Section = "SalesMesh:CallAdmission";

    /// <summary>Unary calls running at once. Beyond a few per core more only queue inside PostgreSQL.</summary>
    public int MaxConcurrentCalls { get; set; } = 32;

    /// <summary>Calls waiting for a slot (oldest first); one more is refused at once with UNAVAILABLE.</summary>
    public int MaxQueuedCalls { get; set; } = 128;
}

/// <summary>The one limiter a service process shares across all its unary calls.</summary>
public sealed class CallAdmission(IOptions<CallAdmissionOptions> options) : IDisposable
{
    public ConcurrencyLimiter Limiter { get; } = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = options.Value.MaxConcurrentCalls,
        QueueLimit = options.Value.MaxQueuedCalls,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    private static readonly long LogEvery = System.Diagnostics.Stopwatch.Frequency * 10;
    private long _refusedSinceLog;
    private long _lastLogged = -LogEvery;

    /// <summary>
    /// Counts a refusal; returns how many to report when a log line is due (the first one, then at
    /// most one per 10 s), else null: an overloaded service must not also drown in its own warnings.
    /// </summary>
    public long? CountRefusal()
    {
        Interlocked.Increment(ref _refusedSinceLog);
        var now = System.Diagnostics.Stopwatch.GetTimestamp();
        var last = Interlocked.Read(ref _lastLogged);
        if (now - last < LogEvery || Interlocked.CompareExchange(ref _lastLogged, now, last) != last)
            return null;
        return Interlocked.Exchange(ref _refusedSinceLog, 0);
    }

    public void Dispose() => Limiter.Dispose();
}
