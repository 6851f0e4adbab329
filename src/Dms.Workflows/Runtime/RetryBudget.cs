namespace Dms.Workflows;

/// <summary>
/// The one retry policy of the engine, for steps and compensations alike (DESIGN §4): a run of failures
/// is judged by how long it went without progress, not by how many hiccups a long copy met. The budget
/// resets whenever the progress mark (a step's checkpoint) moves; it is spent after
/// <c>maxAttempts</c> failures or <c>maxTimeWithoutProgress</c> without progress, whichever comes first.
/// </summary>
internal sealed class RetryBudget
{
    private readonly int _maxAttempts;
    private readonly TimeSpan _maxTimeWithoutProgress;
    private readonly TimeSpan _initialDelay;
    private readonly TimeSpan _maxDelay;
    private readonly TimeProvider _time;
    private string? _progressMark;
    private long _progressAt;

    public RetryBudget(int maxAttempts, TimeSpan maxTimeWithoutProgress, TimeSpan initialDelay, TimeSpan maxDelay, TimeProvider time, string? progressMark)
    {
        _maxAttempts = maxAttempts;
        _maxTimeWithoutProgress = maxTimeWithoutProgress;
        _initialDelay = initialDelay;
        _maxDelay = maxDelay;
        _time = time;
        _progressMark = progressMark;
        _progressAt = time.GetTimestamp();
    }

    /// <summary>Failures since the progress mark last moved.</summary>
    public int FailuresWithoutProgress { get; private set; }

    /// <summary>How long the work has gone without its progress mark moving.</summary>
    public TimeSpan TimeWithoutProgress => _time.GetElapsedTime(_progressAt);

    /// <summary>Counts a failure; the delay before the next try, or null when the budget is spent.</summary>
    /// <param name="progressMark">Where the work stands now (e.g. the checkpoint); a change means it progressed.</param>
    /// <param name="requestedDelay">A delay the failure asked for (e.g. Retry-After), instead of the backoff.</param>
    public TimeSpan? OnFailure(string? progressMark, TimeSpan? requestedDelay)
    {
        if (!string.Equals(progressMark, _progressMark, StringComparison.Ordinal))
        {
            _progressMark = progressMark;
            _progressAt = _time.GetTimestamp();
            FailuresWithoutProgress = 0;
        }

        FailuresWithoutProgress++;
        if (FailuresWithoutProgress >= _maxAttempts || TimeWithoutProgress >= _maxTimeWithoutProgress)
        {
            return null;
        }

        return requestedDelay ?? RetryBackoff.Delay(FailuresWithoutProgress, _initialDelay, _maxDelay);
    }

    /// <summary>"after 6 attempts without progress", or "after 1800s without progress (2 attempts)" when time ran out first.</summary>
    public string Describe()
    {
        var attempts = $"{FailuresWithoutProgress} attempt{(FailuresWithoutProgress == 1 ? "" : "s")}";
        return FailuresWithoutProgress >= _maxAttempts
            ? $"after {attempts} without progress"
            : $"after {TimeWithoutProgress.TotalSeconds:0}s without progress ({attempts})";
    }
}
