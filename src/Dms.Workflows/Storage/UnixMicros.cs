namespace Dms.Workflows.Storage;

/// <summary>Timestamps are stored as unix microseconds: integers order exactly and compare fast in any SQL.</summary>
internal static class UnixMicros
{
    public static long From(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    public static DateTimeOffset ToTime(long micros) => new(DateTimeOffset.UnixEpoch.UtcTicks + (micros * 10), TimeSpan.Zero);
}
