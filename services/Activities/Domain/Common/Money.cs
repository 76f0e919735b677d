namespace SalesMesh.Activities.Domain;

/// <summary>Money is decimal with an ISO currency (CNY by default), never floating point.</summary>
public readonly record struct Money(decimal Amount, string Currency = "CNY")
{
    public override string ToString() => $"{Amount:0.00} {Currency}";
}
