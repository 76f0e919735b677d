using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using SalesMesh.Gateway.Tests.Support;

namespace SalesMesh.Gateway.Tests;

/// <summary>Server-streaming methods as Server-Sent Events.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ServerSentEventsTests(GatewayFixture fixture)
{
    [Fact]
    public async Task Each_message_is_one_event_with_its_id_and_the_stream_ends_with_the_call()
    {
        using var response = await fixture.Gateway.Http.GetAsync("/api/v1/probe/things:watch?count=3", HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = ParseEvents(await response.Content.ReadAsStringAsync());
        Assert.Equal(["1", "2", "3"], events.Select(e => e.Id));
        Assert.Equal("thing 2", JsonDocument.Parse(events[1].Data!).RootElement.GetProperty("thing").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Last_Event_ID_resumes_through_the_request_field()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/probe/things:watch?count=2");
        request.Headers.Add("Last-Event-ID", "41");
        using var response = await fixture.Gateway.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        var events = ParseEvents(await response.Content.ReadAsStringAsync());
        Assert.Equal(["42", "43"], events.Select(e => e.Id));
        Assert.Equal("41", fixture.Recorder.LastEventIdSeen);
    }

    [Fact]
    public async Task An_idle_stream_gets_heartbeats_and_the_client_leaving_cancels_the_gRPC_call()
    {
        fixture.Recorder.StreamCancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var client = new HttpClient { BaseAddress = new Uri(fixture.Gateway.HttpUrl) };
        var response = await client.GetAsync("/api/v1/probe/things:watch?count=0", HttpCompletionOption.ResponseHeadersRead);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var lines = new List<string>();
        while (!lines.Contains(": ping"))
            lines.Add(await reader.ReadLineAsync(timeout.Token) ?? throw new Xunit.Sdk.XunitException("stream ended"));
        Assert.Contains(lines, l => l.StartsWith("data: ", StringComparison.Ordinal)); // the first event came before the ping

        response.Dispose(); // the browser tab closes
        client.Dispose();
        await fixture.Recorder.StreamCancelled.Task.WaitAsync(TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task SSE_routes_take_the_access_token_from_the_query_and_refuse_a_bad_one()
    {
        var user = await fixture.CreateUserAsync(["rep"]);
        var token = (await fixture.SignInAsync(user)).GetProperty("accessToken").GetString();

        using var good = await fixture.Gateway.Http.GetAsync($"/api/v1/probe/things:watch?count=1&access_token={token}", HttpCompletionOption.ResponseHeadersRead);
        using var bad = await fixture.Gateway.Http.GetAsync("/api/v1/probe/things:watch?count=1&access_token=not.a.token", HttpCompletionOption.ResponseHeadersRead);
        // Elsewhere the query token is not a credential (it would leak into logs and referrers).
        using var unary = await fixture.Gateway.Http.GetAsync($"/api/v1/probe/whoami?access_token={token}");

        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
        Assert.False(JsonDocument.Parse(await unary.Content.ReadAsStringAsync()).RootElement.GetProperty("hadToken").GetBoolean());
    }

    [Fact]
    public async Task An_error_before_the_first_event_is_a_real_HTTP_status()
    {
        using var response = await fixture.Gateway.Http.GetAsync("/api/v1/probe/things:watch?count=abc");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static List<(string? Id, string? Data)> ParseEvents(string stream) =>
        stream.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(block => block.Split('\n'))
            .Where(lines => lines.Any(l => l.StartsWith("data: ", StringComparison.Ordinal)))
            .Select(lines => (
                lines.FirstOrDefault(l => l.StartsWith("id: ", StringComparison.Ordinal))?[4..],
                lines.FirstOrDefault(l => l.StartsWith("data: ", StringComparison.Ordinal))?[6..]))
            .ToList();
}
