using System.Security.Cryptography;
using System.Text;

namespace SalesMesh.ServiceDefaults.Data;

/// <summary>
/// Stable 64-bit advisory lock keys from names. string.GetHashCode is randomized per process, so
/// two replicas would never meet on the same lock; a hash of the UTF-8 name is the same everywhere.
/// </summary>
public static class AdvisoryLockKeys
{
    /// <summary>The lock a service holds while migrating <paramref name="contextType"/>'s database.</summary>
    public static long ForMigrations(Type contextType) => For("migrations:" + contextType.FullName);

    public static long For(string name) =>
        BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("salesmesh:" + name)), 0);
}
