namespace SalesMesh.ServiceDefaults.Telemetry;

/// <summary>
/// ActivitySource and Meter names the telemetry pipeline listens to. The Instrumentation.*
/// packages are not in our feed, so we listen to what the framework and libraries emit natively.
/// </summary>
public static class TelemetrySources
{
    /// <summary>Our own outbox/inbox source and meter.</summary>
    public const string Messaging = "SalesMesh.Messaging";

    /// <summary>The in-repo gRPC runtime (platform/Grpc).</summary>
    public const string Grpc = "SalesMesh.Grpc";

    public static readonly string[] ActivitySources =
    [
        "Microsoft.AspNetCore",   // server request spans (Hosting.HttpRequestIn)
        "System.Net.Http",        // HttpClient spans (.NET 9+ emits semantic-convention tags itself)
        Grpc,
        "Npgsql",                 // Npgsql 8+ emits command spans on this source
        "MassTransit",            // publish/send/receive/consume spans; propagates MT-Activity-Id
        Messaging,
    ];

    public static readonly string[] Meters =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Diagnostics",
        "Microsoft.AspNetCore.RateLimiting",
        "System.Net.Http",
        "System.Net.NameResolution",
        "System.Runtime",         // .NET 9+ built-in runtime metrics (GC, thread pool, CPU)
        Grpc,
        "Npgsql",
        "MassTransit",
        Messaging,
    ];
}
