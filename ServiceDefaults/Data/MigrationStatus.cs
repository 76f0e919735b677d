using Microsoft.EntityFrameworkCore;

namespace SalesMesh.ServiceDefaults.Data;

/// <summary>
/// Completes once this process has brought <typeparamref name="TContext"/>'s database schema up
/// to date. Background workers (outbox delivery) and the readiness check wait on it, so nothing
/// touches tables that may not exist yet.
/// </summary>
public sealed class MigrationStatus<TContext> where TContext : DbContext
{
    private readonly TaskCompletionSource _applied = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsApplied => _applied.Task.IsCompletedSuccessfully;

    public Task WaitAsync(CancellationToken cancellationToken) => _applied.Task.WaitAsync(cancellationToken);

    internal void MarkApplied() => _applied.TrySetResult();
}
