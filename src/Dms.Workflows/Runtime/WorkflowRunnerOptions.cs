namespace Dms.Workflows;

/// <summary>Tuning of a <see cref="WorkflowRunner"/>; the defaults suit hours-long copies (DESIGN §4).</summary>
public sealed class WorkflowRunnerOptions
{
    /// <summary>Identifies this instance in leases; unique per process.</summary>
    public string InstanceId { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>How long a claim lasts without a heartbeat; a dead instance's workflows are taken over after this.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Lease/3: two heartbeats may fail before the lease runs out.</summary>
    public TimeSpan HeartbeatInterval => LeaseDuration / 3;

    /// <summary>How often the store is asked for work when nobody signalled any.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    public int MaxConcurrentWorkflows { get; set; } = 8;

    /// <summary>Per resource key (e.g. per cluster), all instances together.</summary>
    public int MaxConcurrentPerResource { get; set; } = 4;

    /// <summary>Tries of a step that fails transiently without progress in between, the first included (the count resets when its checkpoint moves).</summary>
    public int MaxStepAttempts { get; set; } = 6;

    /// <summary>A step (or compensation) that keeps failing gives up after this long without progress, however few its tries.</summary>
    public TimeSpan MaxTimeWithoutProgress { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often a runner asks the store whether a workflow it runs was canceled through another instance.</summary>
    public TimeSpan CancelPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the janitor retries the leftovers of ended workflows (a temporary clone a failed cleanup left).</summary>
    public TimeSpan JanitorInterval { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Tries of a compensation before it is reported as not cleaned up.</summary>
    public int MaxCompensationAttempts { get; set; } = 3;

    /// <summary>Ended workflows are purged after this long.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromHours(1);

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(InstanceId);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(LeaseDuration, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PollInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentWorkflows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentPerResource, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxStepAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCompensationAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxTimeWithoutProgress, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(CancelPollInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(JanitorInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(InitialRetryDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRetryDelay, InitialRetryDelay);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Retention, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PurgeInterval, TimeSpan.Zero);
    }
}
