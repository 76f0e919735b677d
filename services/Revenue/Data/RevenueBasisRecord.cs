namespace SalesMesh.Revenue.Data;

/// <summary>One of the RV-4 bases with its labels; which one is the default is configuration, kept here.</summary>
public sealed class RevenueBasisRecord
{
    /// <summary>The salesmesh.revenue.v1.RevenueBasis number.</summary>
    public int Basis { get; set; }

    public int Position { get; set; }
    public required string NameZhCn { get; set; }
    public required string NameEn { get; set; }
    public required string DescriptionZhCn { get; set; }
    public required string DescriptionEn { get; set; }
    public bool IsDefault { get; set; }
}
