namespace SalesMesh.Activities.Tests.Service.Support;

public static class Eventually
{
    /// <summary>Polls until <paramref name="condition"/> holds; fails naming <paramref name="what"/> after the timeout.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, int timeoutSeconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Timed out after {timeoutSeconds} s waiting for: {what}");
            await Task.Delay(100);
        }
    }
}
