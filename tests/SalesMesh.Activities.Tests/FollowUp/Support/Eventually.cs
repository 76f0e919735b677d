namespace SalesMesh.Activities.Tests.FollowUp.Support;

public static class Eventually
{
    /// <summary>Polls until <paramref name="condition"/> holds (timers fire within about a second of the clock moving); fails naming <paramref name="what"/>.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, int timeoutSeconds = 20)
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
