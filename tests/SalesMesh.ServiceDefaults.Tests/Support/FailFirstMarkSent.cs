using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SalesMesh.ServiceDefaults.Tests.Support;

/// <summary>Test fault hook: fails the first outbox "SET sent_at" UPDATE, simulating a crash right after publishing.</summary>
public sealed class FailFirstMarkSent : DbCommandInterceptor
{
    private int _failures;

    public int Failures => Volatile.Read(ref _failures);

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (command.CommandText.TrimStart().StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase)
            && command.CommandText.Contains("outbox_messages", StringComparison.Ordinal)
            && command.CommandText.Contains("sent_at", StringComparison.Ordinal)
            && Interlocked.CompareExchange(ref _failures, 1, 0) == 0)
        {
            throw new InvalidOperationException("simulated crash between publish and mark-sent");
        }
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }
}
