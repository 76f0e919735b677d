using System.Buffers.Binary;
using System.Net;
using Google.Protobuf;

namespace SalesMesh.Grpc.Tests.Infrastructure;

/// <summary>Sends hand-made gRPC requests at the HTTP/2 level, for malformed-input tests.</summary>
public static class RawGrpc
{
    public static byte[] Frame(IMessage message, bool compressedFlag = false) => Frame(message.ToByteArray(), compressedFlag);

    public static byte[] Frame(byte[] payload, bool compressedFlag = false)
    {
        var framed = new byte[5 + payload.Length];
        framed[0] = compressedFlag ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(framed.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(framed, 5);
        return framed;
    }

    public static HttpRequestMessage Request(string address, string path, HttpContent? content, string contentType = "application/grpc", Version? version = null)
    {
        content ??= new ByteArrayContent([]);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        var request = new HttpRequestMessage(HttpMethod.Post, address + path)
        {
            Version = version ?? HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        request.Headers.TryAddWithoutValidation("te", "trailers");
        return request;
    }

    /// <summary>Reads the whole body; returns it together with the grpc-status found in trailers or headers.</summary>
    public static async Task<(byte[] Body, string? Status, string? Message)> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsByteArrayAsync();
        var status = Header(response, "grpc-status");
        var message = Header(response, "grpc-message");
        return (body, status, message);
    }

    public static string? Header(HttpResponseMessage response, string name)
    {
        if (response.Headers.TryGetValues(name, out var values) || response.TrailingHeaders.TryGetValues(name, out values))
        {
            return string.Join(",", values);
        }

        return null;
    }

    public static HttpMessageInvoker Http2Invoker(SocketsHttpHandler? handler = null) => new(handler ?? new SocketsHttpHandler(), disposeHandler: true);
}

/// <summary>A request body that writes given chunks, then waits for a signal before ending (or never ends).</summary>
public sealed class ControlledContent(byte[] firstChunk, Task release) : HttpContent
{
    /// <summary>Bytes handed to the transport so far (set before the write, so it never lags the server's answer).</summary>
    public long BytesOffered { get; private set; }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        BytesOffered = firstChunk.Length;
        await stream.WriteAsync(firstChunk);
        await stream.FlushAsync();
        await release;
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
