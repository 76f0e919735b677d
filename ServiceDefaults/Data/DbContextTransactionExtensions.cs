using Microsoft.EntityFrameworkCore;

namespace SalesMesh.ServiceDefaults.Data;

/// <summary>
/// The one way to run a multi-step unit of work in an explicit transaction on a context whose
/// provider retries transient failures: the whole delegate is the retried unit, and the change
/// tracker is cleared before each attempt so a retry starts from the database, not from entities
/// half-saved by the failed attempt.
/// </summary>
public static class DbContextTransactionExtensions
{
    public static Task InTransactionAsync<TContext>(this TContext db, Func<TContext, CancellationToken, Task> work, CancellationToken cancellationToken = default)
        where TContext : DbContext
        => db.InTransactionAsync<TContext, bool>(async (context, ct) =>
        {
            await work(context, ct);
            return true;
        }, cancellationToken);

    public static Task<TResult> InTransactionAsync<TContext, TResult>(this TContext db, Func<TContext, CancellationToken, Task<TResult>> work, CancellationToken cancellationToken = default)
        where TContext : DbContext
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var result = await work(db, ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return result;
        }, cancellationToken);
    }
}
