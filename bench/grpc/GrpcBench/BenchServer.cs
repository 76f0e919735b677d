using System.Buffers.Binary;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using SalesMesh.Bench.V1;

namespace SalesMesh.Bench;

/// <summary>
/// One Kestrel app, one port, two routes: (a) the echo through our gRPC runtime and (b) a plain
/// MapPost that reads the request body and writes a pre-built gRPC response frame with the gRPC
/// content type and a grpc-status trailer — the floor any gRPC server on Kestrel can reach.
/// Same process, pipeline and settings, so the ratio a/b is the runtime's own overhead.
/// </summary>
internal static class BenchServer
{
    public const string PlainPath = "/plain.BenchService/Echo";

    public static async Task<int> RunAsync(string[] args)
    {
        var port = int.Parse(Options.Get(args, "port", "5100"), System.Globalization.CultureInfo.InvariantCulture);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(System.Net.IPAddress.Loopback, port, o => o.Protocols = HttpProtocols.Http2);
            // Same stream limit h2load's -m uses, and the same as the gRPC defaults.
            k.Limits.Http2.MaxStreamsPerConnection = 100;
        });
        builder.Services.AddGrpc();

        var app = builder.Build();
        app.MapGrpcService<EchoService>();
        var answer = Frame(new EchoResponse { Text = "hello", Id = 1 });
        app.MapPost(PlainPath, async (HttpContext context) =>
        {
            // Read the whole request like a gRPC server must, then answer with fixed bytes.
            var reader = context.Request.BodyReader;
            while (true)
            {
                var read = await reader.ReadAsync();
                reader.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted)
                {
                    break;
                }
            }

            context.Response.ContentType = "application/grpc";
            context.Response.AppendTrailer("grpc-status", "0");
            await context.Response.BodyWriter.WriteAsync(answer);
        });

        // For bench/grpc/alloc.sh: bytes allocated by the whole process so far (all threads), so
        // (after - before) / requests = allocations per call, repeatable even on a loaded machine.
        app.MapGet("/bench/allocated", () => GC.GetTotalAllocatedBytes(precise: true).ToString(System.Globalization.CultureInfo.InvariantCulture));

        await app.RunAsync();
        return 0;
    }

    /// <summary>5-byte gRPC prefix (uncompressed, big-endian length) + message.</summary>
    public static byte[] Frame(IMessage message)
    {
        var body = message.ToByteArray();
        var frame = new byte[5 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)body.Length);
        body.CopyTo(frame, 5);
        return frame;
    }

    private sealed class EchoService : BenchService.BenchServiceBase
    {
        public override Task<EchoResponse> Echo(EchoRequest request, ServerCallContext context) =>
            Task.FromResult(new EchoResponse { Text = request.Text, Id = request.Id });
    }
}
