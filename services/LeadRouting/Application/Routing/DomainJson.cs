using System.Text.Json;
using System.Text.Json.Serialization;
using SalesMesh.LeadRouting.Domain.Routing;
using SalesMesh.LeadRouting.Domain.Scheduling;

namespace SalesMesh.LeadRouting.Application.Routing;

/// <summary>
/// JSON of the domain records the database stores as jsonb: the routing policy document, a rep's
/// shift, and a whole RoutingDecision (the explanation's old format, see <see cref="StoredDecision"/>). camelCase, enums as names,
/// TimeSpan as "d.hh:mm:ss". Changing a domain record's shape must keep old documents readable.
/// </summary>
public static class DomainJson
{
    public static readonly JsonSerializerOptions Options = Create();

    public static string Serialize(RoutingPolicy policy) => JsonSerializer.Serialize(policy, Options);
    public static RoutingPolicy DeserializePolicy(string json) =>
        JsonSerializer.Deserialize<RoutingPolicy>(json, Options) ?? throw new JsonException("Empty routing policy document.");

    public static string Serialize(WeeklySchedule shift) => JsonSerializer.Serialize(shift, Options);
    public static WeeklySchedule? DeserializeShift(string? json) => json is null ? null : JsonSerializer.Deserialize<WeeklySchedule>(json, Options);

    public static string Serialize(RoutingDecision decision) => JsonSerializer.Serialize(decision, Options);
    public static RoutingDecision DeserializeDecision(string json) =>
        JsonSerializer.Deserialize<RoutingDecision>(json, Options) ?? throw new JsonException("Empty routing decision.");

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter());
        options.Converters.Add(new ReadOnlySetConverter<string>());
        options.Converters.Add(new ReadOnlySetConverter<DateOnly>());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>IReadOnlySet is written as an array and read back as a HashSet.</summary>
    private sealed class ReadOnlySetConverter<T> : JsonConverter<IReadOnlySet<T>>
    {
        public override IReadOnlySet<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            (JsonSerializer.Deserialize<List<T>>(ref reader, options) ?? []).ToHashSet();

        public override void Write(Utf8JsonWriter writer, IReadOnlySet<T> value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value.ToList(), options);
    }
}
