using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SalesMesh.Activities.Domain.VisitRecords;

namespace SalesMesh.Activities.Domain.Sync;

/// <summary>
/// SHA-256 (lower-case hex) of a canonical JSON form of the submitted content. Canonical: fixed
/// property order, instants in UTC, codes and text as sent, so the same content always gives the
/// same fingerprint whatever device or time zone produced it. The client id is not part of it.
/// </summary>
public static class ContentFingerprints
{
    public static string Of(VisitRecordInput input)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("customerId", input.CustomerId);
            w.WriteString("repId", input.RepId);
            w.WriteString("visitedAt", Instant(input.VisitedAt));
            w.WriteString("budget", input.Budget);
            w.WriteString("objectionType", input.ObjectionType);
            w.WriteString("biggestConcern", input.BiggestConcern);
            w.WriteString("promisedDeliverable", input.PromisedDeliverable);
            if (input.NextTouchpoint is { } tp)
            {
                w.WriteString("nextTouchpoint.at", Instant(tp.At));
                w.WriteStartArray("nextTouchpoint.participants");
                foreach (var participant in tp.Participants ?? [])
                {
                    w.WriteStringValue(participant);
                }
                w.WriteEndArray();
                w.WriteString("nextTouchpoint.topic", tp.Topic);
            }
            if (input.Gps is { } gps)
            {
                w.WriteString("gps", string.Create(CultureInfo.InvariantCulture, $"{gps.Latitude:R},{gps.Longitude:R}"));
            }
            w.WriteString("callRecordingSummaryRef", input.CallRecordingSummaryRef);
            if (input.Trial is { } trial)
            {
                w.WriteBoolean("trial.accountProvided", trial.AccountProvided);
                w.WriteString("trial.startDate", trial.StartDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                w.WriteString("trial.endDate", trial.EndDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                w.WriteString("trial.clientLoginFrequency", trial.ClientLoginFrequency);
            }
            w.WriteEndObject();
        }
        return Convert.ToHexStringLower(SHA256.HashData(stream.ToArray()));
    }

    private static string? Instant(DateTimeOffset? value) =>
        value?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>For content that is already canonical text.</summary>
    public static string Of(string canonicalContent) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalContent)));
}
