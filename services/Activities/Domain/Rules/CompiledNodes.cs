namespace SalesMesh.Activities.Domain.Rules;

/// <summary>
/// Compiled condition tree. <see cref="Evaluate"/> is the hot path: plain virtual calls over
/// arrays, no LINQ, no closures, no boxing. <see cref="CollectFailingFields"/> only runs once a
/// rule has failed, so it may allocate.
/// </summary>
internal abstract class CompiledNode
{
    public abstract bool Evaluate(RuleInput input);

    public abstract void CollectFailingFields(RuleInput input, List<string> sink);

    public abstract void CollectReferencedFields(List<string> sink);

    protected static void AddOnce(List<string> sink, string field)
    {
        if (!sink.Contains(field))
        {
            sink.Add(field);
        }
    }
}

internal sealed class AllNode(CompiledNode[] children) : CompiledNode
{
    public override bool Evaluate(RuleInput input)
    {
        foreach (var child in children)
        {
            if (!child.Evaluate(input))
            {
                return false;
            }
        }
        return true;
    }

    public override void CollectFailingFields(RuleInput input, List<string> sink)
    {
        foreach (var child in children)
        {
            if (!child.Evaluate(input))
            {
                child.CollectFailingFields(input, sink);
            }
        }
    }

    public override void CollectReferencedFields(List<string> sink)
    {
        foreach (var child in children)
        {
            child.CollectReferencedFields(sink);
        }
    }
}

internal sealed class AnyNode(CompiledNode[] children) : CompiledNode
{
    public override bool Evaluate(RuleInput input)
    {
        foreach (var child in children)
        {
            if (child.Evaluate(input))
            {
                return true;
            }
        }
        return false;
    }

    // Any-group failed means every alternative failed: each of them is a way to fix it.
    public override void CollectFailingFields(RuleInput input, List<string> sink)
    {
        foreach (var child in children)
        {
            child.CollectFailingFields(input, sink);
        }
    }

    public override void CollectReferencedFields(List<string> sink)
    {
        foreach (var child in children)
        {
            child.CollectReferencedFields(sink);
        }
    }
}

internal abstract class SingleFieldNode(int ordinal, string field) : CompiledNode
{
    protected int Ordinal { get; } = ordinal;

    public override void CollectFailingFields(RuleInput input, List<string> sink)
    {
        if (!Evaluate(input))
        {
            AddOnce(sink, field);
        }
    }

    public override void CollectReferencedFields(List<string> sink) => AddOnce(sink, field);
}

internal sealed class EqualsTextNode(int ordinal, string field, string expected) : SingleFieldNode(ordinal, field)
{
    public override bool Evaluate(RuleInput input)
    {
        ref readonly var value = ref input.Get(Ordinal);
        return value.Kind == RuleValueKind.Text && string.Equals(value.TrimmedText, expected, StringComparison.Ordinal);
    }
}

internal sealed class EqualsBooleanNode(int ordinal, string field, bool expected) : SingleFieldNode(ordinal, field)
{
    public override bool Evaluate(RuleInput input)
    {
        ref readonly var value = ref input.Get(Ordinal);
        return value.Kind == RuleValueKind.Boolean && value.Boolean == expected;
    }
}

internal sealed class EqualsNumberNode(int ordinal, string field, decimal expected) : SingleFieldNode(ordinal, field)
{
    public override bool Evaluate(RuleInput input)
    {
        ref readonly var value = ref input.Get(Ordinal);
        return value.Kind == RuleValueKind.Number && value.Number == expected;
    }
}

internal sealed class InTextNode(int ordinal, string field, string[] expected) : SingleFieldNode(ordinal, field)
{
    public override bool Evaluate(RuleInput input)
    {
        ref readonly var value = ref input.Get(Ordinal);
        if (value.Kind != RuleValueKind.Text)
        {
            return false;
        }
        foreach (var candidate in expected)
        {
            if (string.Equals(value.TrimmedText, candidate, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }
}

internal sealed class InNumberNode(int ordinal, string field, decimal[] expected) : SingleFieldNode(ordinal, field)
{
    public override bool Evaluate(RuleInput input)
    {
        ref readonly var value = ref input.Get(Ordinal);
        if (value.Kind != RuleValueKind.Number)
        {
            return false;
        }
        foreach (var candidate in expected)
        {
            if (value.Number == candidate)
            {
                return true;
            }
        }
        return false;
    }
}

internal sealed class EmptyNode(int ordinal, string field, bool wantEmpty) : SingleFieldNode(ordinal, field)
{
    public override bool Evaluate(RuleInput input) => input.Get(Ordinal).IsEmpty == wantEmpty;
}

internal sealed class ContainsAnyKeywordNode(int ordinal, string field, string[] foldedKeywords) : SingleFieldNode(ordinal, field)
{
    public override bool Evaluate(RuleInput input)
    {
        ref readonly var value = ref input.Get(Ordinal);
        if (value.Kind == RuleValueKind.Text)
        {
            return ContainsAny(value.Text!);
        }
        if (value.Kind == RuleValueKind.TextList)
        {
            foreach (var item in value.List!)
            {
                if (ContainsAny(item))
                {
                    return true;
                }
            }
        }
        return false;
    }

    private bool ContainsAny(string text)
    {
        foreach (var keyword in foldedKeywords)
        {
            if (TextRules.ContainsAsciiCaseInsensitive(text, keyword))
            {
                return true;
            }
        }
        return false;
    }
}

internal sealed class MaxLengthNode(int ordinal, string field, int max) : SingleFieldNode(ordinal, field)
{
    public override bool Evaluate(RuleInput input)
    {
        ref readonly var value = ref input.Get(Ordinal);
        return value.Kind != RuleValueKind.Text || value.ScalarLength <= max;
    }
}

internal sealed class RequiredFieldsNode(int[] ordinals, string[] fields) : CompiledNode
{
    public override bool Evaluate(RuleInput input)
    {
        foreach (var ordinal in ordinals)
        {
            if (input.Get(ordinal).IsEmpty)
            {
                return false;
            }
        }
        return true;
    }

    public override void CollectFailingFields(RuleInput input, List<string> sink)
    {
        for (int i = 0; i < ordinals.Length; i++)
        {
            if (input.Get(ordinals[i]).IsEmpty)
            {
                AddOnce(sink, fields[i]);
            }
        }
    }

    public override void CollectReferencedFields(List<string> sink)
    {
        foreach (var field in fields)
        {
            AddOnce(sink, field);
        }
    }
}
