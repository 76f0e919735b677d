using System.Runtime.InteropServices;

namespace SalesMesh.Hosting.Processes;

/// <summary>The few POSIX calls .NET does not expose: sending signals, ownership, user lookup.</summary>
public static partial class LibC
{
    public const int SIGINT = 2;
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SysKill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint SysGetEuid();

    [LibraryImport("libc", EntryPoint = "chown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SysChown(string path, uint owner, uint group);

    [LibraryImport("libc", EntryPoint = "getpwnam", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr SysGetPwNam(string name);

    public static bool IsRoot => SysGetEuid() == 0;

    /// <summary>Sends a signal; returns false when the process no longer exists.</summary>
    public static bool Kill(int pid, int signal) => SysKill(pid, signal) == 0;

    /// <summary>True while a process with this pid exists (zombies included).</summary>
    public static bool ProcessExists(int pid) => SysKill(pid, 0) == 0 || Marshal.GetLastPInvokeError() == 1 /* EPERM */;

    public static (uint Uid, uint Gid) LookupUser(string name)
    {
        // struct passwd { char* pw_name; char* pw_passwd; uid_t pw_uid; gid_t pw_gid; ... }
        var entry = SysGetPwNam(name);
        if (entry == IntPtr.Zero)
        {
            throw new InvalidOperationException($"User '{name}' does not exist on this machine.");
        }
        var uid = (uint)Marshal.ReadInt32(entry, 2 * IntPtr.Size);
        var gid = (uint)Marshal.ReadInt32(entry, 2 * IntPtr.Size + 4);
        return (uid, gid);
    }

    public static void Chown(string path, uint uid, uint gid)
    {
        if (SysChown(path, uid, gid) != 0)
        {
            throw new IOException($"chown {uid}:{gid} '{path}' failed (errno {Marshal.GetLastPInvokeError()}).");
        }
    }

    public static void ChownRecursive(string path, uint uid, uint gid)
    {
        Chown(path, uid, gid);
        if (!Directory.Exists(path))
        {
            return;
        }
        foreach (var entry in Directory.EnumerateFileSystemEntries(path, "*", SearchOption.AllDirectories))
        {
            Chown(entry, uid, gid);
        }
    }
}
