using Google.Protobuf;
using Grpc.Core;
using V1 = Grpc.Reflection.V1;
using V1Alpha = Grpc.Reflection.V1Alpha;

namespace Grpc.AspNetCore.Server.Reflection;

/// <summary>grpc.reflection.v1.ServerReflection: one answer per question, in order.</summary>
internal sealed class ReflectionServiceV1(ReflectionServiceSource source) : V1.ServerReflection.ServerReflectionBase
{
    public override async Task ServerReflectionInfo(
        IAsyncStreamReader<V1.ServerReflectionRequest> requestStream,
        IServerStreamWriter<V1.ServerReflectionResponse> responseStream,
        ServerCallContext context)
    {
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            await responseStream.WriteAsync(ReflectionResponder.Answer(source.Index, requestStream.Current), context.CancellationToken);
        }
    }
}

/// <summary>
/// grpc.reflection.v1alpha.ServerReflection, for older clients. Its messages are identical on the
/// wire to v1's, so questions and answers are converted through their bytes.
/// </summary>
internal sealed class ReflectionServiceV1Alpha(ReflectionServiceSource source) : V1Alpha.ServerReflection.ServerReflectionBase
{
    public override async Task ServerReflectionInfo(
        IAsyncStreamReader<V1Alpha.ServerReflectionRequest> requestStream,
        IServerStreamWriter<V1Alpha.ServerReflectionResponse> responseStream,
        ServerCallContext context)
    {
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            var question = V1.ServerReflectionRequest.Parser.ParseFrom(requestStream.Current.ToByteString());
            var answer = ReflectionResponder.Answer(source.Index, question);
            await responseStream.WriteAsync(V1Alpha.ServerReflectionResponse.Parser.ParseFrom(answer.ToByteString()), context.CancellationToken);
        }
    }
}
