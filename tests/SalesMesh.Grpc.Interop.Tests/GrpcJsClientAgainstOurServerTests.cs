using System.Text.Json;
using SalesMesh.Grpc.Interop.Tests.Infrastructure;

namespace SalesMesh.Grpc.Interop.Tests;

/// <summary>@grpc/grpc-js as the CLIENT against our server (node/client.js scenarios).</summary>
public sealed class GrpcJsClientAgainstOurServerTests(OurServerFixture server) : IClassFixture<OurServerFixture>
{
    private Task<JsonElement> Run(string scenario, params string[] extra) => GrpcJsClient.RunAsync(server.Address, scenario, extra);

    [Fact]
    public async Task Unary_call_round_trips_unicode_text_headers_and_trailers()
    {
        var result = await Run("unary");

        Assert.False(result.TryGetProperty("error", out var error), $"unexpected error {error}");
        Assert.Equal("你好, interop", result.GetProperty("response").GetProperty("text").GetString());
        Assert.Equal("from-salesmesh", result.GetProperty("headers").GetProperty("x-interop-reply").GetString());
        Assert.Equal("base64:3q2+7w==", result.GetProperty("trailers").GetProperty("x-interop-trailer-bin").GetString());
    }

    [Fact]
    public async Task Text_and_binary_request_metadata_reach_the_handler_exactly()
    {
        var result = await Run("metadata");

        var seen = result.GetProperty("response").GetProperty("seenMetadata").EnumerateArray().Select(e => e.GetString()).ToArray();
        Assert.Equal(new string?[] { "x-interop-bin=AAH+/w==", "x-interop-text=plain-ascii" }, seen);
    }

    [Fact]
    public async Task Server_streaming_delivers_every_message_in_order()
    {
        var result = await Run("serverStream");

        Assert.False(result.TryGetProperty("error", out _));
        Assert.Equal([1, 2, 3, 4, 5], result.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("index").GetInt32()));
    }

    [Fact]
    public async Task Server_streaming_error_after_messages_keeps_messages_and_rich_status()
    {
        var result = await Run("serverStreamError");

        Assert.Equal(3, result.GetProperty("items").GetArrayLength());
        var error = result.GetProperty("error");
        Assert.Equal(9, error.GetProperty("code").GetInt32()); // FAILED_PRECONDITION
        Assert.Equal("count", error.GetProperty("statusDetails").GetProperty("violations")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task Client_streaming_sums_all_hundred_messages()
    {
        var result = await Run("clientStream");

        Assert.Equal(5050, result.GetProperty("response").GetProperty("total").GetInt64());
        Assert.Equal(100, result.GetProperty("response").GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Bidi_streaming_answers_each_message_before_the_next_is_sent()
    {
        var result = await Run("bidi");

        Assert.False(result.TryGetProperty("error", out var error), $"unexpected error {error}");
        Assert.Equal(["echo:m1", "echo:m2", "echo:m3", "echo:m4", "echo:m5"],
            result.GetProperty("answers").EnumerateArray().Select(a => a.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task Rich_error_carries_code_percent_encoded_message_and_bad_request_details()
    {
        var result = await Run("richError");

        var error = result.GetProperty("error");
        Assert.Equal(3, error.GetProperty("code").GetInt32()); // INVALID_ARGUMENT
        Assert.Equal("邮箱格式不正确 / bad e-mail: 100%", error.GetProperty("details").GetString());
        var details = error.GetProperty("statusDetails");
        Assert.Equal(3, details.GetProperty("code").GetInt32());
        Assert.Equal("邮箱格式不正确 / bad e-mail: 100%", details.GetProperty("message").GetString());
        var violation = details.GetProperty("violations")[0];
        Assert.Equal("email", violation.GetProperty("field").GetString());
        Assert.Contains("email", violation.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Deadline_ends_the_call_with_DEADLINE_EXCEEDED_and_cancels_the_handler()
    {
        var result = await Run("deadline");

        Assert.Equal(4, result.GetProperty("error").GetProperty("code").GetInt32());
        Assert.InRange(result.GetProperty("elapsedMs").GetInt32(), 900, 5000);
        Assert.True(await server.Observations.WaitForCancelledAsync("Echo", TimeSpan.FromSeconds(5)),
            "the server handler never saw its CancellationToken fire after the client's deadline");
    }

    [Fact]
    public async Task Client_cancellation_stops_the_server_stream_handler()
    {
        var result = await Run("cancel");

        Assert.Equal(1, result.GetProperty("error").GetProperty("code").GetInt32()); // CANCELLED
        Assert.Equal(3, result.GetProperty("received").GetInt32());
        Assert.True(await server.Observations.WaitForCancelledAsync("Count", TimeSpan.FromSeconds(5)),
            "the server kept streaming after the client cancelled");
    }

    [Fact]
    public async Task Gzip_requests_are_decompressed_and_responses_are_gzip_compressed()
    {
        var result = await Run("gzip");

        var viaGrpcJs = result.GetProperty("grpcJs").GetProperty("response");
        Assert.Equal(200 * 1024, viaGrpcJs.GetProperty("payload").GetInt32());
        Assert.Equal("gzip", viaGrpcJs.GetProperty("requestEncoding").GetString());

        var raw = result.GetProperty("raw");
        Assert.Equal("gzip", raw.GetProperty("responseEncoding").GetString());
        Assert.Equal(1, raw.GetProperty("compressedFlag").GetInt32());
        Assert.Equal("0", raw.GetProperty("grpcStatus").GetString());
        Assert.True(raw.GetProperty("wireLength").GetInt32() < 65536 / 10, "64 KiB of 'a' should compress far below 6 KiB");
        Assert.True(raw.GetProperty("decodedLength").GetInt32() > 65536);
    }

    [Fact]
    public async Task Three_megabyte_messages_pass_both_ways()
    {
        var result = await Run("large");

        Assert.False(result.TryGetProperty("error", out var error), $"unexpected error {error}");
        Assert.Equal(3 * 1024 * 1024, result.GetProperty("response").GetProperty("payloadLength").GetInt32());
    }

    [Fact]
    public async Task Request_over_the_4_MB_limit_is_refused_with_RESOURCE_EXHAUSTED()
    {
        var result = await Run("overLimitRequest");

        Assert.Equal(8, result.GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Response_over_the_client_limit_fails_that_call_only()
    {
        var result = await Run("overLimitResponse");

        Assert.Equal(8, result.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal("still alive", result.GetProperty("after").GetString());
    }
}
