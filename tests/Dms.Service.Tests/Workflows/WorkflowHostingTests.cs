using System.Collections.Concurrent;
using System.Net;
using Dms.Service.Tests.TestSupport;
using Dms.Workflows;
using Microsoft.Extensions.DependencyInjection;

namespace Dms.Service.Tests.Workflows;

/// <summary>
/// The engine as the service hosts it: definitions registered in DI, restart recovery, cancel through
/// the API. Lease fencing itself is the engine's (Dms.Workflows.Tests WorkflowRecoveryTests
/// A_runner_whose_lease_was_taken_over_stops_at_once_and_its_later_writes_have_no_effect).
/// </summary>
public sealed class WorkflowHostingTests
{
    private readonly ConcurrentQueue<string> _log = new();
    private readonly TaskCompletionSource _thirdStepStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void AddThreeSteps(IServiceCollection services, Func<CancellationToken, Task> third) =>
        services.AddSingleton(new WorkflowDefinition("ThreeSteps",
        [
            Step("one", _ => Task.CompletedTask),
            Step("two", _ => Task.CompletedTask),
            Step("three", ct =>
            {
                _thirdStepStarted.TrySetResult();
                return third(ct);
            }),
        ]));

    private WorkflowStep Step(string name, Func<CancellationToken, Task> run) => new(name,
        async (_, ct) =>
        {
            _log.Enqueue("run " + name);
            await run(ct);
        },
        (_, _) =>
        {
            _log.Enqueue("undo " + name);
            return Task.CompletedTask;
        });

    [Fact]
    public async Task Restart_WithWorkflowMidWay_ContinuesFromTheStepItWasIn()
    {
        var dms = await DmsTestHost.StartAsync(services: s => AddThreeSteps(s, ct => Task.Delay(Timeout.Infinite, ct)));
        var created = await dms.Workflows.CreateAsync(new NewWorkflow("ThreeSteps", "{}", []));
        await _thirdStepStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var finish = new TaskCompletionSource();
        finish.SetResult();
        await using var restarted = await dms.RestartAsync(services: s => AddThreeSteps(s, _ => finish.Task));
        var ended = await restarted.Workflows.EndedAsync(created.Id);

        Assert.Equal(WorkflowState.Completed, ended.State);
        Assert.Equal(["run one", "run two", "run three", "run three"], _log.ToArray());
    }

    [Fact]
    public async Task Cancel_ThroughTheApi_RunsCompensationsInReverse_AndEndsCanceled()
    {
        await using var dms = await DmsTestHost.StartAsync(services: s => AddThreeSteps(s, ct => Task.Delay(Timeout.Infinite, ct)));
        var created = await dms.Workflows.CreateAsync(new NewWorkflow("ThreeSteps", "{}", []));
        await _thirdStepStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var http = await dms.AuthorizedAsync();
        using var cancel = await http.PostAsync($"/api/v1/workflows/{created.Id}/cancel", new StringContent("{}"));
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        using var twice = await http.PostAsync($"/api/v1/workflows/{created.Id}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, twice.StatusCode); // spec §3: cancelling twice is harmless, CANCELING or already CANCELED
        var ended = await dms.Workflows.EndedAsync(created.Id);

        Assert.Equal(WorkflowState.Canceled, ended.State);
        Assert.Equal(["run one", "run two", "run three", "undo three", "undo two", "undo one"], _log.ToArray());
    }
}
