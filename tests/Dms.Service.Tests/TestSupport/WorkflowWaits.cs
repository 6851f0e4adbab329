using Dms.Workflows;

namespace Dms.Service.Tests.TestSupport;

internal static class WorkflowWaits
{
    /// <summary>Polls the store until the workflow satisfies <paramref name="condition"/>.</summary>
    public static async Task<WorkflowRecord> UntilAsync(this WorkflowClient client, Guid id, Func<WorkflowRecord, bool> condition, TimeSpan? timeout = null)
    {
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var record = await client.GetAsync(id);
            if (record is not null && condition(record))
            {
                return record;
            }

            await Task.Delay(20, limit.Token);
        }
    }

    public static Task<WorkflowRecord> EndedAsync(this WorkflowClient client, Guid id) => client.UntilAsync(id, r => r.State.IsEnded());
}
