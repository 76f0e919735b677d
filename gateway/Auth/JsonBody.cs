using System.Text.Json;
using SalesMesh.Gateway.Transcoding;

namespace SalesMesh.Gateway.Auth;

/// <summary>Reads the small JSON bodies of the gateway's own endpoints with the same 415/400 answers as transcoded routes.</summary>
public static class JsonBody
{
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpContext http) where T : class
    {
        if (!http.Request.HasJsonContentType())
            return (null, Problems.Status(http, StatusCodes.Status415UnsupportedMediaType, Problems.Text(http, "Content-Type 应为 application/json。", "Content-Type: application/json")));
        try
        {
            var value = await http.Request.ReadFromJsonAsync<T>(http.RequestAborted);
            return value is null
                ? (null, Problems.BadInput(http, "body", Problems.Text(http, "请求体应为 JSON 对象。", "The body must be a JSON object.")))
                : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, Problems.BadInput(http, "body", Problems.Text(http, "JSON 无法解析：", "The JSON could not be read: ") + ex.Message));
        }
    }
}
