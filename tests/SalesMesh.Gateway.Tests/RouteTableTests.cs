using System.Net;
using System.Text.Json;
using Google.Api;
using Google.Protobuf.Reflection;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SalesMesh.Gateway.Tests.Support;
using SalesMesh.Gateway.Transcoding;

namespace SalesMesh.Gateway.Tests;

/// <summary>Every google.api.http annotation in the contracts becomes a route that reaches its own service.</summary>
[Collection(GatewayCollection.Name)]
public sealed class RouteTableTests(GatewayFixture fixture)
{
    /// <summary>Annotated methods found independently of the gateway: every file descriptor of the contracts assembly.</summary>
    private static List<MethodDescriptor> AnnotatedContractMethods() =>
        typeof(SalesMesh.Contracts.LeadRouting.V1.IntakeLeadRequest).Assembly.GetTypes()
            .Select(t => t.GetProperty("Descriptor", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)?.GetValue(null))
            .OfType<FileDescriptor>()
            .SelectMany(f => f.Services).SelectMany(s => s.Methods)
            .Where(m => m.GetOptions()?.GetExtension(AnnotationsExtensions.Http) is not null)
            .DistinctBy(m => m.FullName)
            .ToList();

    [Fact]
    public void Every_annotated_contract_method_has_a_route_and_no_annotation_was_left_unmapped()
    {
        var catalog = fixture.Gateway.Services.GetRequiredService<ContractCatalog>();
        Assert.Empty(catalog.Problems);

        var routed = fixture.Gateway.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(e => e.Metadata.GetMetadata<HttpBinding>()?.Method.FullName)
            .OfType<string>()
            .ToHashSet();
        var annotated = AnnotatedContractMethods();
        Assert.Contains(annotated, m => m.FullName == "salesmesh.leadrouting.v1.LeadRoutingService.IntakeLead");
        Assert.All(annotated, m => Assert.True(routed.Contains(m.FullName), $"no route for {m.FullName}"));
    }

    [Fact]
    public async Task Each_LeadRouting_and_Activities_route_reaches_its_own_service()
    {
        var catalog = fixture.Gateway.Services.GetRequiredService<ContractCatalog>();
        var bindings = catalog.Bindings.Where(b => b.ServiceName is "lead-routing" or "activities").ToList();
        Assert.NotEmpty(bindings);
        var implemented = 0;
        foreach (var binding in bindings)
        {
            var host = binding.ServiceName == "lead-routing" ? fixture.LeadRouting : fixture.Activities;
            var isImplemented = host.Services.GetRequiredService<EndpointDataSource>().Endpoints
                .Select(e => e.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method)
                .Any(m => m is not null && m.ServiceName == binding.Method.Service.FullName && m.Name == binding.Method.Name);
            // Anonymous and (mostly) empty: the service answers — with its own status — and never
            // UNIMPLEMENTED (501: the call went to the wrong service) or UNAVAILABLE (503: nowhere).
            var path = binding.Template.RoutePattern;
            foreach (var variable in binding.Template.Variables)
                path = path.Replace("{**" + variable.RouteName + "}", "00000000-0000-0000-0000-000000000001")
                           .Replace("{" + variable.RouteName + "}", "00000000-0000-0000-0000-000000000001");
            using var request = new HttpRequestMessage(new HttpMethod(binding.Verb), path);
            if (binding.Body.Length > 0)
                request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            using var response = await fixture.Gateway.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);

            var status = (int)response.StatusCode;
            var what = $"{binding.Verb} {binding.Template.Template} → {binding.GrpcName}: {status}";
            if (!isImplemented)
            {
                // Contract ahead of its implementation: the right service answers UNIMPLEMENTED
                // (a call sent nowhere would be 503).
                Assert.True(status == 501, what);
                continue;
            }
            implemented++;
            Assert.True(status is not (501 or 503 or 500), what);
            if (status == 404)
            {
                // A 404 from the service (NOT_FOUND) carries its gRPC status; a missing route would not.
                using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(timeout.Token));
                Assert.True(problem.RootElement.TryGetProperty("grpcStatus", out _), what);
            }
        }
        Assert.True(implemented >= 2, "IntakeLead and GetPipelineStages at least are implemented");
    }

    [Theory]
    [InlineData("/api/v1/leads", "/api/v1/leads", "")]
    [InlineData("/api/v1/leads/{lead_id.value}", "/api/v1/leads/{p0}", "lead_id.value")]
    [InlineData("/api/v1/things/{thing_id}:claim", "/api/v1/things/{p0}:claim", "thing_id")]
    [InlineData("/api/v1/files/{path=**}", "/api/v1/files/{**p0}", "path")]
    public void Path_templates_become_route_patterns(string template, string pattern, string fields)
    {
        var parsed = PathTemplate.Parse(template);
        Assert.Equal(pattern, parsed.RoutePattern);
        Assert.Equal(fields, string.Join(',', parsed.Variables.Select(v => v.FieldPath)));
    }

    [Theory]
    [InlineData("/api/v1/{name=leads/*}")]
    [InlineData("/api/v1/{a=**}/tail")]
    [InlineData("api/v1/no-slash")]
    [InlineData("/api/v1/{unclosed")]
    public void Unsupported_templates_are_refused_with_a_reason(string template) =>
        Assert.Throws<FormatException>(() => PathTemplate.Parse(template));

    [Fact]
    public async Task An_unknown_api_path_is_a_problem_json_404_not_the_console()
    {
        using var response = await fixture.Gateway.Http.GetAsync("/api/v1/no-such-thing");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
