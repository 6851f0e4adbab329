using System.Collections.Concurrent;

namespace Dms.Workflows.Tests;

/// <summary>Records what steps did, in order, across threads.</summary>
internal sealed class StepLog
{
    private readonly ConcurrentQueue<string> _entries = new();

    public IReadOnlyList<string> Entries => [.. _entries];

    public void Add(string entry) => _entries.Enqueue(entry);

    public int Count(string entry) => _entries.Count(e => e == entry);

    /// <summary>A step that logs "exec:name" and, when compensated, "comp:name".</summary>
    public WorkflowStep Step(string name, Func<StepContext, CancellationToken, Task>? execute = null, Func<StepContext, CancellationToken, Task>? compensate = null) =>
        new(name,
            async (ctx, ct) =>
            {
                Add($"exec:{name}");
                if (execute is not null)
                {
                    await execute(ctx, ct);
                }
            },
            async (ctx, ct) =>
            {
                Add($"comp:{name}");
                if (compensate is not null)
                {
                    await compensate(ctx, ct);
                }
            });
}
