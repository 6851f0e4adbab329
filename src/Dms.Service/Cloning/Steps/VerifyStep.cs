using System.Diagnostics;
using Dms.Cloning.Copy;
using Dms.Cloning.Verification;
using Dms.Workflows;

namespace Dms.Service.Cloning.Steps;

/// <summary>
/// verifyClone (DESIGN §5 step 6): every byte of the destination equals the source over the whole
/// logical size, checked on the copy step's session (its connections, plan and hashes).
/// </summary>
internal sealed class VerifyStep(CloneServices services) : IWorkflowStep
{
    public string Name => "verify";

    public async Task ExecuteAsync(StepContext context, CancellationToken ct)
    {
        var job = CloneJob.From(context);
        if (!job.Request.VerifyClone)
        {
            return;
        }
        try
        {
            var session = await services.CopySessionAsync(job, ct);
            var started = Stopwatch.GetTimestamp();
            context.ReportProgress(CloneProgress.Verifying(0, session.Plan, TimeSpan.Zero));
            await CopyVerifier.VerifyAsync(session.Source, session.Destination, session.Plan, session.Checksums, services.Options.Copy,
                verified => context.ReportProgress(CloneProgress.Verifying(verified, session.Plan, Stopwatch.GetElapsedTime(started))), ct,
                services.Throttles.For(job.WorkflowId));
        }
        catch (VerificationException e)
        {
            throw CopyFailures.ToStepException(e);
        }
        catch (CopyException e)
        {
            throw CopyFailures.ToStepException(e, "verification: ");
        }
        finally
        {
            await services.Sessions.ReleaseAsync(job.WorkflowId);
        }
    }
}
