using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Http.Features;

namespace SalesMesh.Gateway.Transcoding;

/// <summary>
/// The REST ⇄ gRPC bridge in one place: JSON body → request message (protobuf JSON mapping),
/// unary call with the caller's language, deadline and cancellation, response message → JSON,
/// RpcException → problem+json. The generic transcoding from google.api.http annotations (#6)
/// grows out of this class.
/// </summary>
public static class GrpcRest
{
    public const long MaxBodyBytes = 1024 * 1024;
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(15);

    // Default values are written out (a zero count is "0", not a missing field) so clients need no proto knowledge.
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    // Strict: an unknown field is a typo the client must hear about, not something to drop silently.
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default);

    /// <summary>The request body as <typeparamref name="T"/>, or the problem to answer with.</summary>
    public static async Task<(T? Message, IResult? Problem)> ReadBodyAsync<T>(HttpContext http) where T : class, IMessage<T>, new()
    {
        if (!http.Request.HasJsonContentType())
            return (null, Problems.Status(http, StatusCodes.Status415UnsupportedMediaType, "Content-Type: application/json"));
        if (http.Request.ContentLength > MaxBodyBytes)
            return (null, TooLarge(http));
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = MaxBodyBytes;

        string json;
        try
        {
            using var reader = new StreamReader(http.Request.Body);
            json = await reader.ReadToEndAsync(http.RequestAborted);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(http));
        }

        if (string.IsNullOrWhiteSpace(json))
            return (null, Problems.BadInput(http, "body", Text(http, "请求体为空，应为 JSON 对象。", "The request body is empty; send a JSON object.")));
        try
        {
            return (Parser.Parse<T>(json), null);
        }
        catch (Exception ex) when (ex is InvalidProtocolBufferException or InvalidJsonException or FormatException)
        {
            return (null, Problems.BadInput(http, "body", Text(http, "JSON 无法解析：", "The JSON could not be read: ") + ex.Message));
        }
    }

    /// <summary>A query parameter holding a google.protobuf.Timestamp (RFC 3339), null when absent.</summary>
    public static (Timestamp? Value, IResult? Problem) QueryTimestamp(HttpContext http, string name)
    {
        var text = http.Request.Query[name].ToString();
        if (text.Length == 0)
            return (null, null);
        try
        {
            return (Parser.Parse<Timestamp>(JsonSerializer.Serialize(text)), null);
        }
        catch (Exception ex) when (ex is InvalidProtocolBufferException or InvalidJsonException or FormatException)
        {
            return (null, Problems.BadInput(http, name, Text(http, "时间格式应为 RFC 3339，例如 2026-11-01T00:00:00Z", "Use an RFC 3339 time, e.g. 2026-11-01T00:00:00Z")));
        }
    }

    /// <summary>Runs one unary call and turns its outcome into the HTTP answer.</summary>
    public static async Task<IResult> CallAsync<TResponse>(HttpContext http, Func<CallOptions, AsyncUnaryCall<TResponse>> call)
        where TResponse : IMessage
    {
        var headers = new Metadata();
        var language = http.Request.Headers.AcceptLanguage.ToString();
        if (language.Length > 0)
            headers.Add("accept-language", language);
        try
        {
            var response = await call(new CallOptions(headers, DateTime.UtcNow + CallTimeout, http.RequestAborted));
            return Results.Text(Formatter.Format(response), "application/json; charset=utf-8", statusCode: StatusCodes.Status200OK);
        }
        catch (RpcException ex)
        {
            return Problems.FromRpc(ex, http);
        }
    }

    private static IResult TooLarge(HttpContext http) =>
        Problems.Status(http, StatusCodes.Status413PayloadTooLarge, Text(http, "请求体最多 1 MB。", "The request body is at most 1 MB."));

    private static string Text(HttpContext http, string zh, string en) => Problems.PrefersEnglish(http) ? en : zh;
}
