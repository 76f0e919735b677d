using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace SalesMesh.Activities.Data;

/// <summary>
/// Several SQL statements sent in one round trip on the context's own connection and transaction,
/// for the hot write paths: on this kind of machine each round trip costs a few hundred µs of CPU
/// on both sides (wake-ups, EF Core's query pipeline, PostgreSQL's parse and plan), and a visit
/// record's submission used to make a dozen of them. PostgreSQL runs the statements in order, so
/// a lock taken by one holds for those after it. Parameters are positional (<c>$1</c>, <c>$2</c> …)
/// per statement. Read the results in statement order with <c>NextResultAsync</c>.
/// </summary>
public sealed class StatementBatch
{
    private readonly List<NpgsqlBatchCommand> _statements = [];

    public StatementBatch Add(string sql, params object?[] parameters)
    {
        var statement = new NpgsqlBatchCommand(sql);
        foreach (var value in parameters)
        {
            statement.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }
        _statements.Add(statement);
        return this;
    }

    /// <summary>
    /// Runs the statements on the context's connection — inside its current transaction when there
    /// is one, as every write path has — and hands the reader, on the first result, to <paramref name="read"/>.
    /// </summary>
    public async Task<T> ReadAsync<T>(ActivitiesDbContext db, Func<NpgsqlDataReader, Task<T>> read, CancellationToken ct)
    {
        // Opened here only if closed (EF Core counts the opens): a transaction's connection stays as it is.
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            var transaction = (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction();
            await using var batch = new NpgsqlBatch(connection, transaction);
            foreach (var statement in _statements)
            {
                batch.BatchCommands.Add(statement);
            }
            await using var reader = await batch.ExecuteReaderAsync(ct);
            return await read(reader);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
