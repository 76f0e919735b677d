using Google.Rpc;
using Grpc.Core;
using SalesMesh.Grpc.Tests.Contracts;
using SalesMesh.Grpc.Tests.Infrastructure;
using Status = Grpc.Core.Status;

namespace SalesMesh.Grpc.Tests;

public sealed class StatusAndMetadataTests
{
    [Fact]
    public async Task Rpc_exception_status_message_and_trailers_reach_the_client_with_chinese_text_intact()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient();
        const string detail = "线索不存在：客户 #42 (100% sure)";

        var ex = await Assert.ThrowsAsync<RpcException>(() => client.UnaryAsync(new EchoRequest { Mode = "fail", Count = (int)StatusCode.NotFound, Text = detail }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        Assert.Equal(detail, ex.Status.Detail);
        Assert.Equal("test", ex.Trailers.GetValue("failure-reason"));
    }

    [Fact]
    public async Task Grpc_message_is_percent_encoded_on_the_wire()
    {
        await using var server = await TestServer.StartAsync();
        using var invoker = RawGrpc.Http2Invoker();
        var request = RawGrpc.Request(server.Address, "/salesmesh.grpctest.v1.Echo/Unary",
            new ByteArrayContent(RawGrpc.Frame(new EchoRequest { Mode = "fail", Count = 3, Text = "无效 50%" })));

        using var response = await invoker.SendAsync(request, default);
        var (_, status, message) = await RawGrpc.ReadAsync(response);

        Assert.Equal("3", status);
        Assert.Equal("%E6%97%A0%E6%95%88 50%25", message);
    }

    [Fact]
    public async Task Unhandled_exception_is_unknown_without_leaking_details()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient();

        var ex = await Assert.ThrowsAsync<RpcException>(() => client.UnaryAsync(new EchoRequest { Mode = "throw" }).ResponseAsync);

        Assert.Equal(StatusCode.Unknown, ex.StatusCode);
        Assert.DoesNotContain("secret", ex.Status.Detail);
    }

    [Fact]
    public async Task Detailed_errors_include_the_exception_message_when_enabled()
    {
        await using var server = await TestServer.StartAsync(o => o.EnableDetailedErrors = true);
        var client = server.CreateClient();

        var ex = await Assert.ThrowsAsync<RpcException>(() => client.UnaryAsync(new EchoRequest { Mode = "throw" }).ResponseAsync);

        Assert.Contains("InvalidOperationException: secret internal detail", ex.Status.Detail);
    }

    [Fact]
    public async Task Status_set_on_the_context_ends_the_call_without_a_message()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient();

        var ex = await Assert.ThrowsAsync<RpcException>(() => client.UnaryAsync(new EchoRequest { Mode = "set-status", Text = "gone" }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        Assert.Equal("gone", ex.Status.Detail);
    }

    [Fact]
    public async Task Metadata_keeps_order_and_binary_values_both_ways()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient();
        var headers = new Metadata
        {
            { "x-first", "1" },
            { "x-multi", "a" },
            { "x-multi", "b" },
            { "x-blob-bin", new byte[] { 0, 1, 2, 250, 255 } },
            { "x-multi", "c" },
        };

        using var call = client.UnaryAsync(new EchoRequest { Mode = "metadata", Text = "hdr" }, headers);
        await call;
        var responseHeaders = await call.ResponseHeadersAsync;
        var trailers = call.GetTrailers();

        Assert.Equal("hdr", responseHeaders.GetValue("header-echo"));
        // HTTP/2 may fold repeated keys into one comma-joined field (allowed by the spec); order must survive either way.
        Assert.Equal("a,b,c", string.Join(",", trailers.GetAll("x-multi").Select(e => e.Value)).Replace(" ", "", StringComparison.Ordinal));
        Assert.Equal("1", trailers.GetValue("x-first"));
        var blob = Assert.Single(trailers.GetAll("x-blob-bin"));
        Assert.True(blob.IsBinary);
        Assert.Equal(new byte[] { 0, 1, 2, 250, 255 }, blob.ValueBytes);
    }

    [Fact]
    public void Metadata_rejects_invalid_keys_and_mismatched_binary_values()
    {
        Assert.Throws<ArgumentException>(() => new Metadata { { "bad key", "v" } });
        Assert.Throws<ArgumentException>(() => new Metadata { { "text-bin", "v" } });
        Assert.Throws<ArgumentException>(() => new Metadata { { "bytes", new byte[] { 1 } } });
        Assert.Equal("upper", new Metadata.Entry("UPPER", "v").Key.ToLowerInvariant());
        Assert.Equal("upper", new Metadata.Entry("UPPER", "v").Key);
    }

    [Fact]
    public async Task Rich_error_details_round_trip_through_status_details_trailer()
    {
        await using var server = await TestServer.StartAsync(map: app =>
            Microsoft.AspNetCore.Builder.GrpcEndpointRouteBuilderExtensions.MapGrpcService<RichErrorRelay>(app));
        var client = new Relay.RelayClient(server.CreateChannel());

        var ex = await Assert.ThrowsAsync<RpcException>(() => client.ForwardAsync(new EchoRequest()).ResponseAsync);
        var rpcStatus = ex.GetRpcStatus();
        var badRequest = rpcStatus?.GetDetail<BadRequest>();

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal("请求无效", ex.Status.Detail);
        Assert.NotNull(rpcStatus);
        Assert.Equal((int)Code.InvalidArgument, rpcStatus.Code);
        Assert.NotNull(badRequest);
        Assert.Collection(badRequest.FieldViolations,
            v => { Assert.Equal("phone", v.Field); Assert.Equal("手机号格式错误", v.Description); },
            v => Assert.Equal("name", v.Field));
        Assert.Null(rpcStatus.GetDetail<ErrorInfo>());
    }

    [Fact]
    public void Rich_status_converts_to_rpc_exception_and_back_locally()
    {
        var status = new Google.Rpc.Status { Code = (int)Code.FailedPrecondition, Message = "m" }
            .AddDetail(new ErrorInfo { Reason = "QUOTA", Domain = "salesmesh" });

        var ex = status.ToRpcException();

        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
        Assert.Equal("QUOTA", ex.GetRpcStatus()!.GetDetail<ErrorInfo>()!.Reason);
    }

    private sealed class RichErrorRelay : Relay.RelayBase
    {
        public override Task<EchoReply> Forward(EchoRequest request, ServerCallContext context) =>
            throw RpcExceptions.InvalidArgument("请求无效", ("phone", "手机号格式错误"), ("name", "不能为空"));
    }
}
