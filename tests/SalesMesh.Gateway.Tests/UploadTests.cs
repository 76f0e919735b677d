using System.Net;
using System.Text;
using System.Text.Json;
using SalesMesh.Gateway.Tests.Support;

namespace SalesMesh.Gateway.Tests;

/// <summary>Uploads (bytes fields): a larger body limit, an allow-list of types, content that must match its declared type.</summary>
[Collection(GatewayCollection.Name)]
public sealed class UploadTests(GatewayFixture fixture)
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];

    [Fact]
    public async Task A_file_whose_bytes_match_its_declared_type_is_accepted_even_above_the_JSON_limit()
    {
        var big = new byte[3 * 1024 * 1024]; // 3 MiB: over the 1 MB limit of plain JSON routes
        Png.CopyTo(big, 0);

        using var small = await UploadAsync("image/png", Png);
        using var large = await UploadAsync("image/png", big);

        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
        Assert.Equal(HttpStatusCode.OK, large.StatusCode);
        Assert.Equal(big.Length.ToString(), JsonDocument.Parse(await large.Content.ReadAsStringAsync()).RootElement.GetProperty("sizeBytes").GetString());
    }

    [Fact]
    public async Task A_renamed_file_or_a_type_not_allowed_is_a_400_naming_the_field()
    {
        using var renamed = await UploadAsync("application/pdf", Png); // a PNG claiming to be a PDF
        using var html = await UploadAsync("text/html", Encoding.UTF8.GetBytes("<script>alert(1)</script>"));

        Assert.Equal(HttpStatusCode.BadRequest, renamed.StatusCode);
        Assert.Equal(["content"], Errors(await renamed.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.BadRequest, html.StatusCode);
        Assert.Equal(["contentType"], Errors(await html.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Uploads_have_a_limit_too()
    {
        using var huge = await UploadAsync("image/png", new byte[17 * 1024 * 1024]);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
    }

    private Task<HttpResponseMessage> UploadAsync(string contentType, byte[] content) =>
        fixture.Gateway.Http.PostAsync("/api/v1/probe/files", new StringContent(
            JsonSerializer.Serialize(new { fileName = "x", contentType, content = Convert.ToBase64String(content) }), Encoding.UTF8, "application/json"));

    private static IEnumerable<string> Errors(string problem) =>
        JsonDocument.Parse(problem).RootElement.GetProperty("errors").EnumerateObject().Select(e => e.Name);
}
