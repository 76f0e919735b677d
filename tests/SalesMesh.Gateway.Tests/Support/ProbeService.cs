using SalesMesh.Grpc;
using Grpc.Core;
using SalesMesh.Gateway.Tests.Probe;
using SalesMesh.ServiceDefaults.Identity;

namespace SalesMesh.Gateway.Tests.Support;

/// <summary>Echoes what the gateway sent, so tests see how path, query, body, identity and language were bound.</summary>
public sealed class ProbeGrpcService(ProbeRecorder recorder) : ProbeService.ProbeServiceBase
{
    public override Task<Thing> GetThing(GetThingRequest request, ServerCallContext context) => Task.FromResult(new Thing
    {
        ThingId = request.ThingId,
        Tags = { request.Tags },
        Color = request.Color,
        Verbose = request.Verbose,
        Since = request.Window?.Start,
        Limit = request.Window?.Limit ?? 0,
        Big = 9007199254740993, // beyond double precision: must travel as a JSON string
    });

    public override Task<RenameThingResponse> RenameThing(RenameThingRequest request, ServerCallContext context) =>
        Task.FromResult(new RenameThingResponse { Thing = new Thing { ThingId = request.ThingId, Name = request.Rename?.Name ?? "" }, Version = 7 });

    public override Task<Thing> ArchiveThing(ArchiveThingRequest request, ServerCallContext context) =>
        Task.FromResult(new Thing { ThingId = request.ThingId, Name = "archived: " + request.Reason });

    public override Task<FailResponse> Fail(FailRequest request, ServerCallContext context)
    {
        if (request.Code == (int)StatusCode.InvalidArgument)
            throw RpcExceptions.InvalidArgument("请求无效", ("thing_id.value", "编号格式错误"), ("rename.display_name", "名称过长"), ("rename.display_name", "含非法字符"));
        throw new RpcException(new Status((StatusCode)request.Code, "probe failure " + request.Code));
    }

    public override async Task WatchThings(WatchThingsRequest request, IServerStreamWriter<ThingEvent> responseStream, ServerCallContext context)
    {
        recorder.LastEventIdSeen = request.LastEventId;
        var start = int.TryParse(request.LastEventId, out var last) ? last + 1 : 1;
        try
        {
            for (var i = 0; request.Count == 0 || i < request.Count; i++)
            {
                if (i < Math.Max(request.Count, 1))
                    await responseStream.WriteAsync(new ThingEvent { EventId = (start + i).ToString(), Thing = new Thing { Name = $"thing {start + i}" } });
                if (request.Count == 0)
                    await Task.Delay(Timeout.Infinite, context.CancellationToken); // an endless stream: only the client's going away ends it
            }
        }
        catch (OperationCanceledException)
        {
            recorder.StreamCancelled.TrySetResult();
            throw;
        }
    }

    public override Task<UploadFileResponse> UploadFile(UploadFileRequest request, ServerCallContext context) =>
        Task.FromResult(new UploadFileResponse { SizeBytes = request.Content.Length });

    public override Task<WhoAmIResponse> WhoAmI(WhoAmIRequest request, ServerCallContext context)
    {
        var response = new WhoAmIResponse { AcceptLanguage = context.RequestHeaders.GetValue("accept-language") ?? "" };
        if (context.RequestHeaders.GetValue(InternalTokenOptions.MetadataKey) is not null)
        {
            var caller = context.RequireCaller();
            response.HadToken = true;
            response.UserId = caller.UserId;
            response.Roles.AddRange(caller.Roles.Order());
            response.TeamId = caller.TeamId ?? "";
        }
        return Task.FromResult(response);
    }
}

/// <summary>What the probe observed, for assertions.</summary>
public sealed class ProbeRecorder
{
    public string? LastEventIdSeen { get; set; }
    public TaskCompletionSource StreamCancelled { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
