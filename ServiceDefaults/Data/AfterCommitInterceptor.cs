using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SalesMesh.ServiceDefaults.Data;

/// <summary>
/// Remembers something about a SaveChanges (<typeparamref name="TPending"/>, per DbContext) and acts
/// on it only once the rows are committed: right after SaveChanges when it ran in its own
/// transaction, after the explicit transaction's commit otherwise; a rollback forgets it. Never
/// before the commit: a worker nudged earlier could not see the rows yet, and a watcher must not
/// see a change that may still roll back.
/// </summary>
public abstract class AfterCommitInterceptor<TPending> : ISaveChangesInterceptor, IDbTransactionInterceptor
    where TPending : class, new()
{
    private readonly ConditionalWeakTable<DbContext, TPending> _pending = new();

    /// <summary>Work before the rows are written (default: nothing); <see cref="PendingFor"/> records what to do after the commit.</summary>
    protected virtual ValueTask BeforeSaveAsync(DbContext context, bool async, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Acts on what was recorded and resets it (called once per commit).</summary>
    protected abstract void Committed(TPending pending);

    /// <summary>Forgets what was recorded (the transaction rolled back).</summary>
    protected abstract void RolledBack(TPending pending);

    protected TPending PendingFor(DbContext context) => _pending.GetOrCreateValue(context);

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } context)
            BeforeSaveAsync(context, async: false, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        return result;
    }

    public async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
            await BeforeSaveAsync(context, async: true, cancellationToken);
        return result;
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        CommittedUnlessInTransaction(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        CommittedUnlessInTransaction(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => CommittedIfPending(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        CommittedIfPending(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => RolledBackIfPending(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        RolledBackIfPending(eventData.Context);
        return Task.CompletedTask;
    }

    private void CommittedUnlessInTransaction(DbContext? context)
    {
        // Inside an explicit transaction the rows are not visible yet: wait for the commit.
        if (context?.Database.CurrentTransaction is null)
            CommittedIfPending(context);
    }

    private void CommittedIfPending(DbContext? context)
    {
        if (context is not null && _pending.TryGetValue(context, out var pending))
            Committed(pending);
    }

    private void RolledBackIfPending(DbContext? context)
    {
        if (context is not null && _pending.TryGetValue(context, out var pending))
            RolledBack(pending);
    }
}
