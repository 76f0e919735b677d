using Google.Protobuf.WellKnownTypes;
using SalesMesh.Activities.Domain;
using SalesMesh.Contracts.Common.V1;
using Money = SalesMesh.Contracts.Common.V1.Money;

namespace SalesMesh.Activities.Grpc;

/// <summary>Wire ⇄ storage conversions shared by every Activities method.</summary>
public static class ProtoConversions
{
    public const string DefaultCurrency = "CNY";
    private const decimal NanosPerUnit = 1_000_000_000m;

    /// <summary>
    /// Largest accepted amount: far above any real deal, and it keeps every column that copies an
    /// amount (e.g. witness_reviews.customer_value, numeric(18,2)) from overflowing into an internal error.
    /// </summary>
    public const decimal MaxAmount = 999_999_999_999_999m;

    public static LocalizedText Localized(BilingualText text) => new() { ZhCn = text.Zh, En = text.En };

    public static Timestamp Time(DateTimeOffset value) => Timestamp.FromDateTimeOffset(value);

    public static Timestamp? Time(DateTimeOffset? value) => value is { } v ? Timestamp.FromDateTimeOffset(v) : null;

    public static Money ToMoney(decimal amount, string currency)
    {
        var units = decimal.Truncate(amount);
        return new Money { CurrencyCode = currency, Units = (long)units, Nanos = (int)((amount - units) * NanosPerUnit) };
    }

    /// <summary>
    /// A non-negative amount with an ISO 4217 currency (CNY when empty), or the field problems.
    /// Null money means zero CNY (an opportunity whose value is not known yet).
    /// </summary>
    public static (decimal Amount, string Currency) FromMoney(Money? money, string field, List<FieldProblem> problems)
    {
        if (money is null)
        {
            return (0m, DefaultCurrency);
        }
        var currency = string.IsNullOrEmpty(money.CurrencyCode) ? DefaultCurrency : money.CurrencyCode;
        if (currency.Length != 3 || !currency.All(c => c is >= 'A' and <= 'Z'))
        {
            problems.Add(new FieldProblem(field + ".currencyCode", new("币种必须是 3 个大写字母的 ISO 4217 代码", "The currency must be a 3-letter upper-case ISO 4217 code"), "invalid_currency"));
        }
        if (money.Nanos is < -999_999_999 or > 999_999_999 || (money.Units > 0 && money.Nanos < 0) || (money.Units < 0 && money.Nanos > 0))
        {
            problems.Add(new FieldProblem(field + ".nanos", new("金额的 nanos 超出范围或符号与 units 不一致", "nanos is out of range or its sign disagrees with units"), "invalid_money"));
            return (0m, currency);
        }
        var amount = money.Units + money.Nanos / NanosPerUnit;
        if (amount < 0)
        {
            problems.Add(new FieldProblem(field, new("金额不能为负数", "The amount must not be negative"), "negative_amount"));
        }
        else if (amount > MaxAmount)
        {
            problems.Add(new FieldProblem(field, new("金额过大（最多 999,999,999,999,999）", "The amount is too large (at most 999,999,999,999,999)"), "amount_too_large"));
        }
        return (amount, currency);
    }
}
