namespace SalesMesh.LeadRouting.Domain.Common;

/// <summary>
/// User-facing text in both supported languages. zh-CN is the default UI language (PRODUCT §2, §9);
/// English is always available so logs, API clients and the English console can show the same reason.
/// </summary>
public sealed record LocalizedText(string ZhCn, string En)
{
    public string For(string? cultureName) =>
        cultureName is not null && cultureName.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? En : ZhCn;

    public override string ToString() => ZhCn;
}
