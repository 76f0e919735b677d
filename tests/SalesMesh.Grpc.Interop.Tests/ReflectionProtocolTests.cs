using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Reflection.V1;
using SalesMesh.Grpc.Interop.Tests.Infrastructure;

namespace SalesMesh.Grpc.Interop.Tests;

/// <summary>
/// Reflection answers buf curl does not exercise: by file name (with transitive dependencies),
/// symbols nested in messages and enums, and the error answer for unknown names.
/// </summary>
public sealed class ReflectionProtocolTests(OurServerFixture server) : IClassFixture<OurServerFixture>, IDisposable
{
    private readonly GrpcChannel _channel = GrpcChannel.ForAddress(server.BaseUri);

    public void Dispose() => _channel.Dispose();

    [Fact]
    public async Task File_by_filename_returns_the_file_and_all_its_transitive_imports()
    {
        var answer = await AskAsync(new ServerReflectionRequest { FileByFilename = "salesmesh/leadrouting/v1/lead_routing_service.proto" });

        var names = answer.FileDescriptorResponse.FileDescriptorProto
            .Select(bytes => FileDescriptorProto.Parser.ParseFrom(bytes).Name).ToList();
        Assert.Equal("salesmesh/leadrouting/v1/lead_routing_service.proto", names[0]);
        Assert.Contains("google/api/annotations.proto", names);
        Assert.Contains("google/api/http.proto", names);
        Assert.Contains("google/protobuf/descriptor.proto", names);
        Assert.Contains("google/protobuf/struct.proto", names);
        Assert.Contains("google/protobuf/timestamp.proto", names);
        Assert.Contains("salesmesh/common/v1/ids.proto", names);
        Assert.Contains("salesmesh/common/v1/lead_channel.proto", names);
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Theory]
    [InlineData("salesmesh.leadrouting.v1.LeadRoutingService.IntakeLead", "salesmesh/leadrouting/v1/lead_routing_service.proto")]
    [InlineData("salesmesh.leadrouting.v1.IntakeLeadRequest.idempotency_key", "salesmesh/leadrouting/v1/lead_routing_service.proto")]
    [InlineData("salesmesh.common.v1.LEAD_CHANNEL_WECHAT", "salesmesh/common/v1/lead_channel.proto")]
    [InlineData("grpc.health.v1.HealthCheckResponse.ServingStatus", "grpc/health/v1/health.proto")]
    [InlineData("google.api.http", "google/api/annotations.proto")]
    public async Task File_containing_symbol_finds_services_methods_fields_enum_values_and_extensions(string symbol, string file)
    {
        var answer = await AskAsync(new ServerReflectionRequest { FileContainingSymbol = symbol });

        Assert.Equal(file, FileDescriptorProto.Parser.ParseFrom(answer.FileDescriptorResponse.FileDescriptorProto[0]).Name);
    }

    [Fact]
    public async Task Extension_lookups_find_the_http_option()
    {
        var byNumber = await AskAsync(new ServerReflectionRequest
        {
            FileContainingExtension = new ExtensionRequest { ContainingType = "google.protobuf.MethodOptions", ExtensionNumber = 72295728 },
        });
        var numbers = await AskAsync(new ServerReflectionRequest { AllExtensionNumbersOfType = "google.protobuf.MethodOptions" });

        Assert.Equal("google/api/annotations.proto", FileDescriptorProto.Parser.ParseFrom(byNumber.FileDescriptorResponse.FileDescriptorProto[0]).Name);
        Assert.Contains(72295728, numbers.AllExtensionNumbersResponse.ExtensionNumber);
    }

    [Fact]
    public async Task Unknown_names_get_a_NOT_FOUND_answer_and_the_stream_stays_usable()
    {
        using var call = new ServerReflection.ServerReflectionClient(_channel).ServerReflectionInfo();

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { FileContainingSymbol = "no.such.Symbol" });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var error = call.ResponseStream.Current;
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var list = call.ResponseStream.Current;
        await call.RequestStream.CompleteAsync();

        Assert.Equal((int)StatusCode.NotFound, error.ErrorResponse.ErrorCode);
        Assert.Contains("no.such.Symbol", error.ErrorResponse.ErrorMessage);
        Assert.Equal("no.such.Symbol", error.OriginalRequest.FileContainingSymbol);
        Assert.Contains(list.ListServicesResponse.Service, s => s.Name == "salesmesh.interop.v1.InteropService");
    }

    private async Task<ServerReflectionResponse> AskAsync(ServerReflectionRequest request)
    {
        using var call = new ServerReflection.ServerReflectionClient(_channel).ServerReflectionInfo();
        await call.RequestStream.WriteAsync(request);
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var answer = call.ResponseStream.Current;
        Assert.NotEqual(ServerReflectionResponse.MessageResponseOneofCase.ErrorResponse, answer.MessageResponseCase);
        return answer;
    }
}
