using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using SalesMesh.LeadRouting.Domain.Lifecycle;

namespace SalesMesh.LeadRouting.Data;

/// <summary>
/// How a <see cref="LeadStatus"/> is spelled in the database: kebab-case text, not enum numbers, so
/// a row reads the same in psql and survives reordering the enum.
/// </summary>
public static class LeadStatusNames
{
    private static readonly (LeadStatus Status, string Name)[] Table =
    [
        (LeadStatus.Unassigned, "unassigned"),
        (LeadStatus.Assigned, "assigned"),
        (LeadStatus.Viewed, "viewed"),
        (LeadStatus.Contacted, "contacted"),
        (LeadStatus.Converted, "converted"),
        (LeadStatus.Abandoned, "abandoned"),
        (LeadStatus.PublicPool, "public-pool"),
        (LeadStatus.CleaningPool, "cleaning-pool"),
    ];

    public static string NameOf(LeadStatus status) => Table.First(t => t.Status == status).Name;

    public static LeadStatus StatusOf(string name) =>
        Table.FirstOrDefault(t => t.Name == name) is { Name: not null } row ? row.Status
            : throw new InvalidOperationException($"Unknown stored lead status '{name}'.");

    public static readonly ValueConverter<LeadStatus, string> Converter = new(s => NameOf(s), n => StatusOf(n));
}
