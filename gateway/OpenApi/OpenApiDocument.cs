using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf.Reflection;
using SalesMesh.Gateway.Transcoding;

namespace SalesMesh.Gateway.OpenApi;

/// <summary>
/// OpenAPI 3.0 for the REST surface, generated from the same descriptors the routes come from:
/// one operation per binding (path/query parameters, request body, response), one schema per
/// message and enum in protobuf JSON form (camelCase, enums by name, 64-bit integers as strings),
/// proto comments as descriptions when <see cref="ProtoComments"/> has them.
/// </summary>
public sealed class OpenApiDocument(ContractCatalog catalog, ProtoComments comments)
{
    private readonly Lazy<string> _json = new(() => Build(catalog, comments).ToJsonString(new JsonSerializerOptions { WriteIndented = false }));

    public string Json => _json.Value;

    private static JsonObject Build(ContractCatalog catalog, ProtoComments comments)
    {
        var schemas = new JsonObject();
        var paths = new JsonObject();
        foreach (var group in catalog.Bindings.GroupBy(b => OpenApiPath(b)).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var item = new JsonObject();
            foreach (var binding in group)
                item[binding.Verb.ToLowerInvariant()] = Operation(binding, schemas, comments);
            paths[group.Key] = item;
        }
        AuthPaths(paths);
        return new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject
            {
                ["title"] = "SalesMesh API",
                ["version"] = "v1",
                ["description"] = "REST/JSON over the SalesMesh gRPC contracts (google.api.http annotations). JSON is the protobuf JSON mapping. Errors are application/problem+json (RFC 9457) with an `errors` map of field → messages for bad input.",
            },
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = schemas,
                ["securitySchemes"] = new JsonObject { ["bearer"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer", ["bearerFormat"] = "JWT" } },
            },
            ["security"] = new JsonArray(new JsonObject { ["bearer"] = new JsonArray() }),
        };
    }

    /// <summary>The template with variables named by their JSON field paths, e.g. /api/v1/leads/{leadId.value}.</summary>
    public static string OpenApiPath(HttpBinding binding)
    {
        var path = binding.Template.RoutePattern;
        foreach (var variable in binding.Template.Variables)
        {
            var name = "{" + FieldPaths.ToJsonPath(variable.FieldPath) + "}";
            path = path.Replace("{**" + variable.RouteName + "}", name).Replace("{" + variable.RouteName + "}", name);
        }
        return path;
    }

    private static JsonObject Operation(HttpBinding binding, JsonObject schemas, ProtoComments comments)
    {
        var method = binding.Method;
        var parameters = new JsonArray();
        var bound = new HashSet<FieldDescriptor>();
        foreach (var variable in binding.Template.Variables)
        {
            var field = FieldPaths.Resolve(method.InputType, variable.FieldPath)!;
            bound.Add(field);
            parameters.Add(Parameter(FieldPaths.ToJsonPath(variable.FieldPath), "path", field, schemas, comments, required: true));
        }
        if (binding.Body != "*")
        {
            foreach (var (path, field) in QueryFields(method.InputType, "", 0))
            {
                if (!bound.Contains(field) && binding.BodyField != FirstField(method.InputType, path))
                    parameters.Add(Parameter(path, "query", field, schemas, comments, required: false));
            }
        }
        if (binding.IsServerStreaming)
            parameters.Add(new JsonObject { ["name"] = "Last-Event-ID", ["in"] = "header", ["required"] = false, ["schema"] = new JsonObject { ["type"] = "string" } });

        var operation = new JsonObject
        {
            ["operationId"] = $"{method.Service.Name}_{method.Name}",
            ["tags"] = new JsonArray(method.Service.Name),
            ["summary"] = method.Name,
            ["x-grpc-method"] = binding.GrpcName,
        };
        if (comments.Of(method) is { } description)
            operation["description"] = description;
        if (parameters.Count > 0)
            operation["parameters"] = parameters;
        if (binding.Body == "*")
            operation["requestBody"] = Body(SchemaRef(method.InputType, schemas, comments));
        else if (binding.BodyField is { } bodyField)
            operation["requestBody"] = Body(FieldSchema(bodyField, schemas, comments));

        var responseSchema = binding.ResponseBody.Length > 0
            ? FieldSchema(method.OutputType.FindFieldByName(binding.ResponseBody)!, schemas, comments)
            : SchemaRef(method.OutputType, schemas, comments);
        var content = binding.IsServerStreaming
            ? new JsonObject { ["text/event-stream"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string", ["description"] = "Server-Sent Events; each `data:` line is one message of this schema:" }, ["x-event-schema"] = responseSchema } }
            : new JsonObject { ["application/json"] = new JsonObject { ["schema"] = responseSchema } };
        operation["responses"] = new JsonObject
        {
            ["200"] = new JsonObject { ["description"] = binding.IsServerStreaming ? "Event stream" : "OK", ["content"] = content },
            ["default"] = new JsonObject
            {
                ["description"] = "Error (problem details)",
                ["content"] = new JsonObject { ["application/problem+json"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "object" } } },
            },
        };
        if (binding.IsServerStreaming)
            operation["x-sse"] = true;
        return operation;
    }

    private static FieldDescriptor? FirstField(MessageDescriptor message, string jsonPath) =>
        FieldPaths.ResolveChain(message, jsonPath) is { Count: > 0 } chain ? chain[0] : null;

    /// <summary>Leaf fields a query string can fill, as JSON paths (nested messages up to 3 levels, e.g. range.start).</summary>
    private static IEnumerable<(string Path, FieldDescriptor Field)> QueryFields(MessageDescriptor message, string prefix, int depth)
    {
        foreach (var field in message.Fields.InDeclarationOrder())
        {
            var path = prefix + field.JsonName;
            if (field.IsMap)
                continue;
            if (field.FieldType != FieldType.Message || FieldPaths.IsScalarLike(field.MessageType))
                yield return (path, field);
            else if (!field.IsRepeated && depth < 3)
                foreach (var nested in QueryFields(field.MessageType, path + ".", depth + 1))
                    yield return nested;
        }
    }

    private static JsonObject Parameter(string name, string location, FieldDescriptor field, JsonObject schemas, ProtoComments comments, bool required)
    {
        var parameter = new JsonObject
        {
            ["name"] = name,
            ["in"] = location,
            ["required"] = required,
            ["schema"] = FieldSchema(field, schemas, comments),
        };
        if (comments.Of(field) is { } description)
            parameter["description"] = description;
        return parameter;
    }

    private static JsonObject Body(JsonNode schema) => new()
    {
        ["required"] = true,
        ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = schema } },
    };

    private static JsonNode FieldSchema(FieldDescriptor field, JsonObject schemas, ProtoComments comments)
    {
        if (field.IsMap)
        {
            var valueField = field.MessageType.FindFieldByNumber(2);
            return new JsonObject { ["type"] = "object", ["additionalProperties"] = FieldSchema(valueField, schemas, comments) };
        }
        var single = SingleSchema(field, schemas, comments);
        return field.IsRepeated ? new JsonObject { ["type"] = "array", ["items"] = single } : single;
    }

    private static JsonNode SingleSchema(FieldDescriptor field, JsonObject schemas, ProtoComments comments) => field.FieldType switch
    {
        FieldType.Bool => Type("boolean"),
        FieldType.String => Type("string"),
        FieldType.Bytes => Type("string", "byte"),
        FieldType.Double => Type("number", "double"),
        FieldType.Float => Type("number", "float"),
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => Type("integer", "int32"),
        FieldType.UInt32 or FieldType.Fixed32 => Type("integer", "int64"),
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => Type("string", "int64"),
        FieldType.UInt64 or FieldType.Fixed64 => Type("string", "uint64"),
        FieldType.Enum => EnumRef(field.EnumType, schemas, comments),
        _ => SchemaRef(field.MessageType, schemas, comments),
    };

    private static JsonObject Type(string type, string? format = null)
    {
        var schema = new JsonObject { ["type"] = type };
        if (format is not null)
            schema["format"] = format;
        return schema;
    }

    private static JsonNode EnumRef(EnumDescriptor enumType, JsonObject schemas, ProtoComments comments)
    {
        if (!schemas.ContainsKey(enumType.FullName))
        {
            var schema = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray([.. enumType.Values.Select(v => (JsonNode)v.Name)]) };
            if (comments.Of(enumType) is { } description)
                schema["description"] = description;
            schemas[enumType.FullName] = schema;
        }
        return new JsonObject { ["$ref"] = "#/components/schemas/" + enumType.FullName };
    }

    private static JsonNode SchemaRef(MessageDescriptor message, JsonObject schemas, ProtoComments comments)
    {
        switch (message.FullName)
        {
            case "google.protobuf.Timestamp": return Type("string", "date-time");
            case "google.protobuf.Duration": return new JsonObject { ["type"] = "string", ["example"] = "1.5s" };
            case "google.protobuf.FieldMask": return Type("string");
            case "google.protobuf.Struct": return new JsonObject { ["type"] = "object", ["additionalProperties"] = true };
            case "google.protobuf.Value": return new JsonObject();
            case "google.protobuf.ListValue": return new JsonObject { ["type"] = "array", ["items"] = new JsonObject() };
            case "google.protobuf.Empty": return new JsonObject { ["type"] = "object" };
            case "google.protobuf.StringValue": return Nullable("string", null);
            case "google.protobuf.BoolValue": return Nullable("boolean", null);
            case "google.protobuf.Int32Value": return Nullable("integer", "int32");
            case "google.protobuf.UInt32Value": return Nullable("integer", "int64");
            case "google.protobuf.Int64Value": return Nullable("string", "int64");
            case "google.protobuf.UInt64Value": return Nullable("string", "uint64");
            case "google.protobuf.DoubleValue": return Nullable("number", "double");
            case "google.protobuf.FloatValue": return Nullable("number", "float");
            case "google.protobuf.BytesValue": return Nullable("string", "byte");
        }
        if (!schemas.ContainsKey(message.FullName))
        {
            var properties = new JsonObject();
            var schema = new JsonObject { ["type"] = "object", ["properties"] = properties };
            schemas[message.FullName] = schema; // before the fields: recursive messages refer to themselves
            if (comments.Of(message) is { } description)
                schema["description"] = description;
            foreach (var field in message.Fields.InDeclarationOrder())
            {
                var fieldSchema = FieldSchema(field, schemas, comments);
                if (comments.Of(field) is { } fieldDescription)
                    fieldSchema = new JsonObject { ["allOf"] = new JsonArray(fieldSchema), ["description"] = fieldDescription };
                properties[field.JsonName] = fieldSchema;
            }
        }
        return new JsonObject { ["$ref"] = "#/components/schemas/" + message.FullName };
    }

    private static JsonObject Nullable(string type, string? format)
    {
        var schema = Type(type, format);
        schema["nullable"] = true;
        return schema;
    }

    /// <summary>The gateway's own endpoints (not from the contracts).</summary>
    private static void AuthPaths(JsonObject paths)
    {
        static JsonObject Op(string summary) => new()
        {
            ["tags"] = new JsonArray("Auth"),
            ["summary"] = summary,
            ["security"] = new JsonArray(),
            ["requestBody"] = Body(new JsonObject { ["type"] = "object" }),
            ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "OK" } },
        };
        paths["/api/v1/auth/sign-in"] = new JsonObject { ["post"] = Op("Sign in with user name and password: {userName, password} → access + refresh token") };
        paths["/api/v1/auth/refresh"] = new JsonObject { ["post"] = Op("Rotate the refresh token: {refreshToken} → new access + refresh token") };
        paths["/api/v1/auth/sign-out"] = new JsonObject { ["post"] = Op("Revoke the session of {refreshToken}") };
        paths["/api/v1/me"] = new JsonObject
        {
            ["get"] = new JsonObject
            {
                ["tags"] = new JsonArray("Auth"),
                ["summary"] = "The signed-in user (id, userName, displayName, roles, teamId, supervisorId)",
                ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "OK" } },
            },
        };
    }
}
