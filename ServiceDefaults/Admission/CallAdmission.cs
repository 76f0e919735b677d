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

    public void Dispose() => Limiter.Dispose();
}
