namespace SalesMesh.Activities.Domain.VisitRecords;

public enum BudgetStatus
{
    ConfirmedAbove500k,
    ConfirmedBelow500k,
    Unconfirmed,
}

public enum ObjectionType
{
    Price,
    DeliveryTime,
    Competitor,
    DecisionProcess,
}

public enum BiggestConcern
{
    BudgetInsufficient,
    TechnicalMismatch,
    DecisionChainUnclear,
    CompetitorLockIn,
    Other,
}

/// <summary>
/// Wire codes (what gRPC/JSON/rules carry) and bilingual labels of the typed visit fields.
/// The codes are part of the rule JSON contract: never rename one, add a new one instead.
/// </summary>
public static class VisitCodes
{
    public static readonly IReadOnlyList<(BudgetStatus Value, string Code, BilingualText Label)> Budgets =
    [
        (BudgetStatus.ConfirmedAbove500k, "confirmedAbove500k", new("已确认 > 50万", "Confirmed > 500k")),
        (BudgetStatus.ConfirmedBelow500k, "confirmedBelow500k", new("已确认 < 50万", "Confirmed < 500k")),
        (BudgetStatus.Unconfirmed, "unconfirmed", new("未确认", "Unconfirmed")),
    ];

    public static readonly IReadOnlyList<(ObjectionType Value, string Code, BilingualText Label)> Objections =
    [
        (ObjectionType.Price, "price", new("价格", "Price")),
        (ObjectionType.DeliveryTime, "deliveryTime", new("交付周期", "Delivery time")),
        (ObjectionType.Competitor, "competitor", new("竞品", "Competitor")),
        (ObjectionType.DecisionProcess, "decisionProcess", new("决策流程", "Decision process")),
    ];

    public static readonly IReadOnlyList<(BiggestConcern Value, string Code, BilingualText Label)> Concerns =
    [
        (BiggestConcern.BudgetInsufficient, "budgetInsufficient", new("预算不足", "Budget insufficient")),
        (BiggestConcern.TechnicalMismatch, "technicalMismatch", new("技术不匹配", "Technical mismatch")),
        (BiggestConcern.DecisionChainUnclear, "decisionChainUnclear", new("决策链不清", "Decision chain unclear")),
        (BiggestConcern.CompetitorLockIn, "competitorLockIn", new("竞品锁定", "Competitor lock-in")),
        (BiggestConcern.Other, "other", new("其他", "Other")),
    ];

    public static string Code(BudgetStatus value) => Find(Budgets, value).Code;
    public static string Code(ObjectionType value) => Find(Objections, value).Code;
    public static string Code(BiggestConcern value) => Find(Concerns, value).Code;

    public static bool TryParse<T>(IReadOnlyList<(T Value, string Code, BilingualText Label)> table, string code, out T value)
        where T : struct, Enum
    {
        foreach (var entry in table)
        {
            if (string.Equals(entry.Code, code, StringComparison.Ordinal))
            {
                value = entry.Value;
                return true;
            }
        }
        value = default;
        return false;
    }

    public static string[] AllCodes<T>(IReadOnlyList<(T Value, string Code, BilingualText Label)> table)
    {
        var codes = new string[table.Count];
        for (int i = 0; i < codes.Length; i++)
        {
            codes[i] = table[i].Code;
        }
        return codes;
    }

    private static (T Value, string Code, BilingualText Label) Find<T>(IReadOnlyList<(T Value, string Code, BilingualText Label)> table, T value)
        where T : struct, Enum
    {
        foreach (var entry in table)
        {
            if (EqualityComparer<T>.Default.Equals(entry.Value, value))
            {
                return entry;
            }
        }
        throw new ArgumentOutOfRangeException(nameof(value), value, null);
    }
}
