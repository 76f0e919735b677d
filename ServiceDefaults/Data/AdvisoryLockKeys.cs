using System.Security.Cryptography;
using System.Text;

namespace SalesMesh.ServiceDefaults.Data;

/// <summary>
/// Stable 64-bit advisory lock keys from names. string.GetHashCode is randomized per process, so
/// two replicas would never meet on the same lock; a hash of the UTF-8 name is the same everywhere.
/// </summary>
public static class AdvisoryLockKeys
{
    public static long For(string name) =>
        BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("salesmesh:" + name)), 0);
}
