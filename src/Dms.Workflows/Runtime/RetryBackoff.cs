namespace Dms.Workflows.Runtime;

/// <summary>Exponential backoff: initial, 2×, 4×, … capped.</summary>
internal static class RetryBackoff
{
    /// <param name="failedAttempts">How many tries failed so far (1 after the first failure).</param>
    public static TimeSpan Delay(int failedAttempts, TimeSpan initial, TimeSpan max)
    {
        var exponent = Math.Clamp(failedAttempts - 1, 0, 30);
        var ticks = initial.Ticks * Math.Pow(2, exponent);
        return ticks >= max.Ticks ? max : TimeSpan.FromTicks((long)ticks);
    }
}
