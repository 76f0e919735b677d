namespace SalesMesh.Activities.Domain;

/// <summary>User-facing text: zh-CN is the default language, English is always available.</summary>
public readonly record struct BilingualText(string Zh, string En)
{
    public override string ToString() => $"{Zh} / {En}";
}
