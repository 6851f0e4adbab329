namespace Dms.Workflows;

/// <summary>What is left to do for an ended workflow: a step's work that kept failing, retried by the janitor.</summary>
public enum LeftoverWork
{
    /// <summary>A step after the pivot (e.g. removing a temporary clone): run it again until it succeeds.</summary>
    Execute,

    /// <summary>A compensation that gave up: run it again until what the step created is gone.</summary>
    Compensate,
}

/// <param name="Step">The step whose work is left.</param>
/// <param name="Error">Why it failed the last time.</param>
public sealed record WorkflowLeftover(string Step, LeftoverWork Work, string Error);

/// <summary>A leftover the janitor took (its next try is pushed back, so no other instance takes it meanwhile).</summary>
/// <param name="Attempts">How many times the janitor has taken it, this time included.</param>
public sealed record ClaimedLeftover(WorkflowRecord Workflow, WorkflowLeftover Leftover, int Attempts);
