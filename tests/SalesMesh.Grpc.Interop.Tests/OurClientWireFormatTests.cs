using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using SalesMesh.Grpc.Interop.Tests.Infrastructure;
using SalesMesh.Grpc.Interop.Tests.V1;

namespace SalesMesh.Grpc.Interop.Tests;

/// <summary>
/// What our client puts on the wire, as seen by a bare node:http2 server (no gRPC library on the
/// other side to paper over mistakes): required headers, deadline header, gzip framing.
/// </summary>
public sealed class OurClientWireFormatTests(H2CaptureFixture capture) : IClassFixture<H2CaptureFixture>
{
    [Fact]
    public async Task Request_carries_the_protocol_headers_timeout_and_gzip_framing()
    {
        using var channel = GrpcChannel.ForAddress(capture.Address);
        var client = new InteropService.InteropServiceClient(channel);
        var payload = ByteString.CopyFrom(Enumerable.Repeat((byte)'z', 100_000).ToArray());
        var marker = Guid.NewGuid().ToString("N");

        await client.EchoAsync(new EchoRequest { Text = marker, Payload = payload },
            new Metadata { { "grpc-internal-encoding-request", "gzip" } }, deadline: DateTime.UtcNow.AddSeconds(30));

        var seen = await capture.WaitForEventAsync(e => e.GetProperty("path").GetString() == "/salesmesh.interop.v1.InteropService/Echo", TimeSpan.FromSeconds(5));
        Assert.NotNull(seen);
        var request = seen.Value;
        Assert.StartsWith("application/grpc", request.GetProperty("contentType").GetString());
        Assert.Equal("trailers", request.GetProperty("te").GetString());
        Assert.Equal("gzip", request.GetProperty("grpcEncoding").GetString());
        Assert.Contains("gzip", request.GetProperty("grpcAcceptEncoding").GetString());
        Assert.Matches("^[0-9]{1,8}[HMSmun]$", request.GetProperty("grpcTimeout").GetString());
        Assert.Equal(1, request.GetProperty("compressedFlag").GetInt32());
        Assert.True(request.GetProperty("wireLength").GetInt32() < 10_000, "100 kB of one letter should gzip far below 10 kB");
        Assert.True(request.GetProperty("decodedLength").GetInt32() > 100_000);
    }
}
