using System.Net;
using System.Net.Sockets;

namespace SalesMesh.Hosting.Processes;

/// <summary>
/// Finds free loopback ports. Picks from 15000-32000, below Linux's ephemeral range, so an
/// outgoing connection cannot grab the port between our check and the server's bind.
/// Ports handed out are remembered so concurrent starts in one process never collide.
/// </summary>
public static class PortAllocator
{
    private const int RangeStart = 15000;
    private const int RangeEnd = 32000;
    private static readonly HashSet<int> Handed = [];
    private static readonly object Gate = new();

    /// <summary>One free port, <paramref name="preferred"/> when it is free.</summary>
    public static int Allocate(int? preferred = null) => AllocateBlock(1, preferred);

    /// <summary>First of <paramref name="count"/> consecutive free ports (RabbitMQ needs a block).</summary>
    public static int AllocateBlock(int count, int? preferred = null)
    {
        lock (Gate)
        {
            // A preferred port (last run's, from the data directory) is honoured whenever the OS
            // says it is free, even if this process handed it out before to an app now stopped.
            if (preferred is > 0 and var wanted && BlockIsFree(wanted, count, ignoreHanded: true))
            {
                Take(wanted, count);
                return wanted;
            }
            for (var attempt = 0; attempt < 500; attempt++)
            {
                var start = Random.Shared.Next(RangeStart, RangeEnd - count);
                if (BlockIsFree(start, count))
                {
                    Take(start, count);
                    return start;
                }
            }
            throw new InvalidOperationException($"No block of {count} free loopback ports found.");
        }
    }

    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static bool BlockIsFree(int start, int count, bool ignoreHanded = false)
    {
        for (var port = start; port < start + count; port++)
        {
            if ((!ignoreHanded && Handed.Contains(port)) || !IsFree(port))
            {
                return false;
            }
        }
        return true;
    }

    private static void Take(int start, int count)
    {
        for (var port = start; port < start + count; port++)
        {
            Handed.Add(port);
        }
    }
}
