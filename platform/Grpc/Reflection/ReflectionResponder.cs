using Grpc.Core;
using Grpc.Reflection.V1;

namespace Grpc.AspNetCore.Server.Reflection;

/// <summary>Answers one reflection question (v1 shape; v1alpha is converted on the wire).</summary>
internal static class ReflectionResponder
{
    public static ServerReflectionResponse Answer(ReflectionIndex index, ServerReflectionRequest request)
    {
        var response = new ServerReflectionResponse { ValidHost = request.Host, OriginalRequest = request };
        switch (request.MessageRequestCase)
        {
            case ServerReflectionRequest.MessageRequestOneofCase.ListServices:
                var list = new ListServiceResponse();
                list.Service.AddRange(index.ServiceNames.Select(n => new ServiceResponse { Name = n }));
                response.ListServicesResponse = list;
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.FileByFilename:
                SetFiles(response, index.FileByName(request.FileByFilename), $"file \"{request.FileByFilename}\"");
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.FileContainingSymbol:
                SetFiles(response, index.FileContainingSymbol(request.FileContainingSymbol), $"symbol \"{request.FileContainingSymbol}\"");
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.FileContainingExtension:
                var ext = request.FileContainingExtension;
                SetFiles(response, index.FileContainingExtension(ext.ContainingType, ext.ExtensionNumber),
                    $"extension {ext.ExtensionNumber} of \"{ext.ContainingType}\"");
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.AllExtensionNumbersOfType:
                var numbers = index.ExtensionNumbersOf(request.AllExtensionNumbersOfType);
                if (numbers is null)
                {
                    response.ErrorResponse = NotFound($"type \"{request.AllExtensionNumbersOfType}\"");
                }
                else
                {
                    var answer = new ExtensionNumberResponse { BaseTypeName = request.AllExtensionNumbersOfType };
                    answer.ExtensionNumber.AddRange(numbers);
                    response.AllExtensionNumbersResponse = answer;
                }

                break;
            default:
                response.ErrorResponse = new ErrorResponse
                {
                    ErrorCode = (int)StatusCode.InvalidArgument,
                    ErrorMessage = "请求未包含问题 / The reflection request carries no question.",
                };
                break;
        }

        return response;
    }

    private static void SetFiles(ServerReflectionResponse response, IReadOnlyList<Google.Protobuf.ByteString>? files, string what)
    {
        if (files is null)
        {
            response.ErrorResponse = NotFound(what);
            return;
        }

        var answer = new FileDescriptorResponse();
        answer.FileDescriptorProto.AddRange(files);
        response.FileDescriptorResponse = answer;
    }

    private static ErrorResponse NotFound(string what) => new()
    {
        ErrorCode = (int)StatusCode.NotFound,
        ErrorMessage = $"未找到 {what} / {what} not found.",
    };
}
