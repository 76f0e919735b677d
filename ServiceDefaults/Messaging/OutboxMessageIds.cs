using System.Security.Cryptography;

namespace SalesMesh.ServiceDefaults.Messaging;

/// <summary>
/// Outbox message ids that sort in the order they were made, by <see cref="Guid.CompareTo(Guid)"/>.
/// EF Core inserts the rows of one SaveChanges ordered by key, and the outbox publishes by insert
/// order: with these ids the events of one transaction leave in the order they were enqueued
/// (LeadReceived before LeadAssigned), which random or SQL-Server-ordered ids do not guarantee.
/// Layout (Guid.CompareTo compares the fields a, b, c, then the bytes): a|b = 48-bit Unix
/// milliseconds, c = a per-process counter within the millisecond, then 8 random bytes.
/// </summary>
internal static class OutboxMessageIds
{
    private static readonly Lock Gate = new();
    private static long _lastMilliseconds;
    private static ushort _counter;

    public static Guid Next()
    {
        long milliseconds;
        ushort counter;
        lock (Gate)
        {
            milliseconds = Math.Max(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), _lastMilliseconds);
            if (milliseconds == _lastMilliseconds && ++_counter == 0)
                milliseconds++; // 65,536 ids in one millisecond: borrow the next one, order still holds
            else if (milliseconds != _lastMilliseconds)
                _counter = 0;
            _lastMilliseconds = milliseconds;
            counter = _counter;
        }
        Span<byte> random = stackalloc byte[8];
        RandomNumberGenerator.Fill(random);
        return new Guid((int)(uint)(milliseconds >> 16), (short)(ushort)(milliseconds & 0xFFFF), (short)counter, random.ToArray());
    }
}
