using System.Net;

namespace SalesMesh.Gateway.Tests.Support;

/// <summary>What one caller gets from one route: the cells of an authorization matrix.</summary>
public enum Outcome
{
    /// <summary>200 with the contact details in clear.</summary>
    Clear,
    /// <summary>200 with the contact details masked (the clear ones appear nowhere in the answer).</summary>
    Masked,
    /// <summary>200 (a write takes effect; a read shows no contact details).</summary>
    Ok,
    /// <summary>404, the same answer as for an id that does not exist; a refused write changes nothing.</summary>
    Hidden,
    /// <summary>403 (a role check); a refused write changes nothing.</summary>
    Forbidden,
    /// <summary>400; a refused write changes nothing.</summary>
    Invalid,
    /// <summary>401: nobody signed in.</summary>
    SignIn,
}

/// <summary>
/// Authorization matrices written as tables: one row per route, one cell per <see cref="Who"/> (in enum
/// order), expanded into one xunit theory case per cell so a failure names the route and the caller.
/// </summary>
public static class Matrix
{
    public sealed record Row(string Route, Outcome[] Cells);

    public static Row Of(string route, params Outcome[] cells) =>
        cells.Length == MatrixPeople.Everyone.Length ? new Row(route, cells)
            : throw new ArgumentException($"{route}: {cells.Length} cells for {MatrixPeople.Everyone.Length} callers");

    public static TheoryData<string, Who, Outcome> Cases(params Row[] rows)
    {
        var data = new TheoryData<string, Who, Outcome>();
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Cells.Length; i++)
                data.Add(row.Route, MatrixPeople.Everyone[i], row.Cells[i]);
        }
        return data;
    }

    public static HttpStatusCode StatusOf(Outcome outcome) => outcome switch
    {
        Outcome.Clear or Outcome.Masked or Outcome.Ok => HttpStatusCode.OK,
        Outcome.Hidden => HttpStatusCode.NotFound,
        Outcome.Forbidden => HttpStatusCode.Forbidden,
        Outcome.Invalid => HttpStatusCode.BadRequest,
        _ => HttpStatusCode.Unauthorized,
    };

    public static bool IsRefusal(Outcome outcome) => StatusOf(outcome) != HttpStatusCode.OK;

    /// <summary>Asserts the status (refusals as problem+json) and returns the body.</summary>
    public static async Task<string> AssertAnswerAsync(HttpResponseMessage response, Outcome expected, string what)
    {
        var body = await response.Content.ReadAsStringAsync();
        var status = StatusOf(expected);
        Assert.True(response.StatusCode == status, $"{what}: expected {(int)status} ({expected}), got {(int)response.StatusCode} {body}");
        if (IsRefusal(expected))
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return body;
    }

    /// <summary>Clear: every contact detail is readable. Masked: none of them appears anywhere in the answer,
    /// while a masked phone ("139****1234") does.</summary>
    public static void AssertContact(string body, Outcome expected, TestContact contact, string what)
    {
        var strings = Rest.Strings(body);
        bool Shows(string value) => strings.Any(s => s.Contains(value, StringComparison.OrdinalIgnoreCase));
        if (expected == Outcome.Clear)
        {
            Assert.True(Shows(contact.Name) && Shows(contact.Phone) && Shows(contact.Email), $"{what}: contact details should be in clear: {body}");
        }
        else if (expected == Outcome.Masked)
        {
            Assert.False(Shows(contact.Name) || Shows(contact.Phone) || Shows(contact.EmailLocalPart), $"{what}: contact details leaked: {body}");
            Assert.True(Shows(contact.Phone[..3] + "****" + contact.Phone[^4..]), $"{what}: the masked phone should be shown: {body}");
        }
    }
}

/// <summary>A lead's or customer's contact person, unique per test object (so no answer can contain it by accident).</summary>
public sealed record TestContact(string Name, string Phone, string Email)
{
    public string EmailLocalPart => Email[..Email.IndexOf('@')];

    public static TestContact New()
    {
        var digits = Random.Shared.NextInt64(10_000_000, 100_000_000);
        var tag = Guid.NewGuid().ToString("N")[..10];
        return new TestContact("欧阳" + (char)('甲' + Random.Shared.Next(0, 9)) + "月", $"139{digits}", $"oy{tag}@example.com");
    }
}

/// <summary>
/// Data a test class arranges once on the collection's hosts and shares between its cases (an xunit
/// class fixture). Arranging needs the collection fixture, which class fixtures cannot take, hence lazy.
/// </summary>
public sealed class Arranged<T> : IDisposable where T : class
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private T? _value;

    public async Task<T> GetAsync(Func<Task<T>> arrange)
    {
        await _gate.WaitAsync();
        try
        {
            return _value ??= await arrange();
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
