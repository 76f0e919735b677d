using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace SalesMesh.Gateway.Transcoding;

/// <summary>
/// Builds the request message of a binding from the JSON body, the path variables and the query
/// string, the way google.api.http specifies: the body fills the whole message ("*") or one field,
/// path variables fill their fields, and (without body "*") every remaining query parameter names
/// a field. Each value is checked on its own first so an error names the parameter the client sent.
/// </summary>
public static class RequestBinder
{
    /// <summary>Query parameters the gateway itself consumes (never request fields).</summary>
    public static readonly IReadOnlySet<string> ReservedQueryNames = new HashSet<string>(StringComparer.Ordinal) { "access_token" };

    public const string LastEventIdField = "last_event_id";

    /// <returns>The message, or the bad inputs as (parameter name → message) when it cannot be built.</returns>
    public static (IMessage? Message, Dictionary<string, string[]>? Errors) Bind(
        HttpBinding binding, string? body, RouteValueDictionary route, IQueryCollection query, string? lastEventId, bool english)
    {
        var descriptor = binding.Method.InputType;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);

        // Hot path (e.g. POST /api/v1/leads): the body is the whole message and nothing else binds.
        if (binding.Body == "*" && binding.Template.Variables.Count == 0 && lastEventId is null && !HasFieldQuery(query))
            return ParseWhole(descriptor, body!, english);

        JsonObject root;
        if (binding.Body == "*")
        {
            if (!TryParseNode(body!, english, out var node, out var failure) || node is not JsonObject whole)
                return (null, One("body", failure ?? Text(english, "请求体应为 JSON 对象。", "The body must be a JSON object.")));
            root = whole;
        }
        else
        {
            root = [];
            if (binding.BodyField is { } bodyField)
            {
                if (!TryParseNode(body!, english, out var node, out var failure))
                    return (null, One("body", failure!));
                root[bodyField.JsonName] = node;
            }
        }

        foreach (var variable in binding.Template.Variables)
        {
            var raw = route[variable.RouteName]?.ToString() ?? "";
            var chain = FieldPaths.ResolveChain(descriptor, variable.FieldPath)!;
            SetChecked(descriptor, root, chain, [Uri.UnescapeDataString(raw)], FieldPaths.ToJsonPath(variable.FieldPath), errors, english);
        }

        if (binding.Body == "*")
        {
            // The whole message comes from the body; a query parameter would be silently dropped.
            foreach (var name in query.Keys.Where(k => !ReservedQueryNames.Contains(k)))
                errors[name] = [Text(english, $"此接口不接受查询参数“{name}”，请放在请求体中。", $"Query parameter '{name}' is not accepted here; send it in the body.")];
        }
        else
        {
            foreach (var (name, values) in query)
            {
                if (ReservedQueryNames.Contains(name))
                    continue;
                var chain = FieldPaths.ResolveChain(descriptor, name);
                if (chain is null || chain.Any(f => f.IsMap) || chain[^1].FieldType == FieldType.Message && !FieldPaths.IsScalarLike(chain[^1].MessageType))
                {
                    errors[name] = [Text(english, $"未知的查询参数“{name}”。", $"Unknown query parameter '{name}'.")];
                    continue;
                }
                if (binding.Template.Variables.Any(v => FieldPaths.Resolve(descriptor, v.FieldPath) == chain[^1]))
                    continue; // the path wins over the query for the same field
                SetChecked(descriptor, root, chain, [.. values.Select(v => v ?? "")], name, errors, english);
            }
        }

        if (lastEventId is not null && descriptor.FindFieldByName(LastEventIdField) is { } lastEventField && !root.ContainsKey(lastEventField.JsonName))
            SetChecked(descriptor, root, [lastEventField], [lastEventId], "Last-Event-ID", errors, english);

        if (errors.Count > 0)
            return (null, errors);
        return ParseWhole(descriptor, root.ToJsonString(), english);
    }

    /// <summary>Puts one path/query value into <paramref name="root"/> after checking it parses as its field alone.</summary>
    private static void SetChecked(MessageDescriptor descriptor, JsonObject root, IReadOnlyList<FieldDescriptor> chain,
        string[] values, string parameter, Dictionary<string, string[]> errors, bool english)
    {
        var leaf = chain[^1];
        if (!leaf.IsRepeated && values.Length > 1)
        {
            errors[parameter] = [Text(english, "此参数只能出现一次。", "This parameter may appear only once.")];
            return;
        }
        JsonNode? value = leaf.IsRepeated
            ? new JsonArray([.. values.Select(v => LeafValue(leaf, v))])
            : LeafValue(leaf, values[0]);

        var alone = new JsonObject();
        Put(alone, chain, value?.DeepClone());
        var (_, failure) = ParseWhole(descriptor, alone.ToJsonString(), english);
        if (failure is not null)
        {
            errors[parameter] = [.. failure.Values.SelectMany(m => m)];
            return;
        }
        Put(root, chain, value);
    }

    private static void Put(JsonObject root, IReadOnlyList<FieldDescriptor> chain, JsonNode? value)
    {
        var current = root;
        for (var i = 0; i < chain.Count - 1; i++)
        {
            if (current[chain[i].JsonName] is not JsonObject next)
            {
                next = [];
                current[chain[i].JsonName] = next;
            }
            current = next;
        }
        current[chain[^1].JsonName] = value;
    }

    /// <summary>Query/path text as the JSON token the protobuf JSON parser expects for the field.</summary>
    private static JsonNode? LeafValue(FieldDescriptor field, string text)
    {
        if (field.FieldType == FieldType.Bool || field.FieldType == FieldType.Message && field.MessageType.FullName == "google.protobuf.BoolValue")
            return text switch { "true" => JsonValue.Create(true), "false" => JsonValue.Create(false), _ => JsonValue.Create(text) };
        if (field.FieldType == FieldType.Enum && int.TryParse(text, out var number))
            return JsonValue.Create(number);
        // Numbers are accepted as JSON strings by the protobuf JSON parser, so strings suit every other type.
        return JsonValue.Create(text);
    }

    private static (IMessage? Message, Dictionary<string, string[]>? Errors) ParseWhole(MessageDescriptor descriptor, string json, bool english)
    {
        if (string.IsNullOrWhiteSpace(json))
            return (null, One("body", Text(english, "请求体为空，应为 JSON 对象。", "The request body is empty; send a JSON object.")));
        try
        {
            return (ProtoJson.Parser.Parse(json, descriptor), null);
        }
        catch (Exception ex) when (ex is InvalidProtocolBufferException or InvalidJsonException or FormatException or InvalidOperationException)
        {
            return (null, One("body", Text(english, "JSON 无法解析：", "The JSON could not be read: ") + ex.Message));
        }
    }

    private static bool TryParseNode(string json, bool english, out JsonNode? node, out string? failure)
    {
        failure = null;
        node = null;
        if (string.IsNullOrWhiteSpace(json))
        {
            failure = Text(english, "请求体为空，应为 JSON。", "The request body is empty; send JSON.");
            return false;
        }
        try
        {
            node = JsonNode.Parse(json);
            return true;
        }
        catch (JsonException ex)
        {
            failure = Text(english, "JSON 无法解析：", "The JSON could not be read: ") + ex.Message;
            return false;
        }
    }

    private static bool HasFieldQuery(IQueryCollection query) =>
        query.Count > 0 && query.Keys.Any(k => !ReservedQueryNames.Contains(k));

    private static Dictionary<string, string[]> One(string field, string message) => new(StringComparer.Ordinal) { [field] = [message] };

    private static string Text(bool english, string zh, string en) => english ? en : zh;
}
