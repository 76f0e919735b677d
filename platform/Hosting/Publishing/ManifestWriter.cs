using System.Text.Json;
using System.Text.Json.Nodes;
using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting.Publishing;

/// <summary>
/// `--publisher manifest --output-path FILE`: the application model as JSON in the shape of
/// Aspire's manifest — resources, types, bindings, references and environment with
/// placeholders such as {leads-db.connectionString}. Paths are relative to the manifest file.
/// </summary>
internal static class ManifestWriter
{
    public static async Task WriteAsync(IReadOnlyList<IResource> resources, string appHostDirectory, string outputPath)
    {
        var file = Path.GetFullPath(Path.Combine(System.Environment.CurrentDirectory, outputPath));
        var manifestDirectory = Path.GetDirectoryName(file)!;
        var root = new JsonObject();
        var entries = new JsonObject();
        foreach (var resource in resources)
        {
            entries[resource.Name] = Describe(resource, manifestDirectory);
        }
        root["resources"] = entries;
        Directory.CreateDirectory(manifestDirectory);
        await File.WriteAllTextAsync(file, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n").ConfigureAwait(false);
    }

    private static JsonObject Describe(IResource resource, string manifestDirectory)
    {
        var node = new JsonObject();
        switch (resource)
        {
            case ServerResource server:
                node["type"] = $"{server.TypeName}.server.v0";
                node["connectionString"] = server.ConnectionStringExpression;
                node["command"] = server.Command;
                node["data"] = server.PersistentData ? "persistent" : "ephemeral";
                break;
            case PostgresDatabaseResource database:
                node["type"] = "postgres.database.v0";
                node["parent"] = database.Server.Name;
                node["databaseName"] = database.DatabaseName;
                node["connectionString"] = database.ConnectionStringExpression;
                break;
            case ProjectResource project:
                node["type"] = "project.v0";
                node["path"] = Path.GetRelativePath(manifestDirectory, project.ProjectPath);
                break;
            case ExecutableResource executable:
                node["type"] = "executable.v0";
                node["command"] = executable.Command;
                node["workingDirectory"] = Path.GetRelativePath(manifestDirectory, executable.WorkingDirectory);
                node["args"] = new JsonArray([.. executable.Arguments.Select(a => (JsonNode)JsonValue.Create(a))]);
                break;
        }
        if (resource is Resource model)
        {
            if (model.WaitsFor.Count > 0)
            {
                node["waitFor"] = new JsonArray([.. model.WaitsFor.Select(w => (JsonNode)JsonValue.Create(w.Name))]);
            }
            if (model.References.Count > 0)
            {
                node["references"] = new JsonArray([.. model.References.Select(r => (JsonNode)JsonValue.Create(r.Name))]);
            }
            if (model.HttpHealthCheckPath is { } health)
            {
                node["healthCheck"] = new JsonObject { ["endpoint"] = "http", ["path"] = health };
            }
        }
        if (resource is IResourceWithEnvironment)
        {
            node["env"] = EnvironmentOf((Resource)resource);
        }
        if (resource is IResourceWithEndpoints withEndpoints && withEndpoints.Endpoints.Count > 0)
        {
            var bindings = new JsonObject();
            foreach (var endpoint in withEndpoints.Endpoints)
            {
                var binding = new JsonObject
                {
                    ["scheme"] = endpoint.Scheme,
                    ["protocol"] = "tcp",
                    ["transport"] = endpoint.Transport,
                };
                if (endpoint.Port is { } port)
                {
                    binding["port"] = port;
                }
                if (endpoint.IsExternal)
                {
                    binding["external"] = true;
                }
                bindings[endpoint.Name] = binding;
            }
            node["bindings"] = bindings;
        }
        return node;
    }

    private static JsonObject EnvironmentOf(Resource resource)
    {
        var env = new JsonObject();
        var name = resource.Name;
        if (resource is ProjectResource)
        {
            env["ASPNETCORE_ENVIRONMENT"] = "{apphost.environment}";
            env["Kestrel__Endpoints__http__Url"] = $"http://127.0.0.1:{{{name}.bindings.http.port}}";
            env["Kestrel__Endpoints__http__Protocols"] = "Http1";
            env["Kestrel__Endpoints__grpc__Url"] = $"http://127.0.0.1:{{{name}.bindings.grpc.port}}";
            env["Kestrel__Endpoints__grpc__Protocols"] = "Http2";
        }
        if (resource is IResourceWithEndpoints withEndpoints)
        {
            foreach (var endpoint in withEndpoints.Endpoints.Where(e => e.EnvironmentVariable is not null))
            {
                env[endpoint.EnvironmentVariable!] = $"{{{name}.bindings.{endpoint.Name}.port}}";
            }
        }
        env["OTEL_SERVICE_NAME"] = name;
        env["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={{{name}.instanceId}}";
        env["OTEL_EXPORTER_OTLP_ENDPOINT"] = "{apphost.otlpEndpoint}";
        foreach (var reference in resource.References)
        {
            if (reference is IResourceWithConnectionString)
            {
                env[$"ConnectionStrings__{reference.Name}"] = $"{{{reference.Name}.connectionString}}";
            }
            if (reference is ProjectResource project)
            {
                foreach (var endpoint in project.Endpoints)
                {
                    env[$"services__{project.Name}__{endpoint.Name}__0"] = $"{{{project.Name}.bindings.{endpoint.Name}.url}}";
                }
            }
        }
        if (resource is IResourceWithEnvironment withEnvironment)
        {
            foreach (var entry in withEnvironment.Environment)
            {
                env[entry.Key] = entry.ManifestValue;
            }
        }
        return env;
    }
}
