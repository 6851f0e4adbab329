using Dms.Workflows;
using Microsoft.Extensions.Hosting;

namespace Dms.Service.Workflows;

/// <summary>
/// Runs the workflow engine inside the web host. Every <see cref="WorkflowDefinition"/> registered
/// in DI is runnable: a feature adds its workflows with <c>services.AddSingleton(sp =&gt; new WorkflowDefinition(…))</c>.
/// </summary>
internal sealed class WorkflowHostService(WorkflowRunner runner) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        runner.Start();
        return Task.CompletedTask;
    }

    /// <summary>Hands running workflows back (lease released) so the next start or another instance resumes them.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => runner.StopAsync(cancellationToken);
}
