using System.Globalization;
using Dms.Cloning.Copy;
using Dms.Workflows;

namespace Dms.Service.Cloning.Steps;

/// <summary>
/// Moves the data. The checkpoint is the copier's flushed watermark, so a retry and a restart of DMS
/// both resume where the destination is known good. The copy session stays open for the verify step.
/// </summary>
internal sealed class CopyStep(CloneServices services) : IWorkflowStep
{
    public string Name => "copy";

    public async Task ExecuteAsync(StepContext context, CancellationToken ct)
    {
        var job = CloneJob.From(context);
        context.ReportProgress(CloneProgress.Stage("copying", 5));
        try
        {
            var session = await services.CopySessionAsync(job, ct);
            var resumeFrom = long.TryParse(context.Checkpoint, NumberStyles.None, CultureInfo.InvariantCulture, out var saved) ? saved : 0;
            if (resumeFrom > 0)
            {
                context.Logger.LogInformation("workflow {WorkflowId}: resuming the copy at byte {Watermark} of {Total}", job.WorkflowId, resumeFrom, session.Plan.LogicalTotal);
            }
            // Hashing every chunk costs CPU on the copy's critical path; only a verified clone needs the hashes.
            var checksums = job.Request.VerifyClone ? session.Checksums : null;
            var copier = new BlockCopier(session.Source, session.Destination, session.Plan, services.Options.Copy, services.Throttles.For(job.WorkflowId), checksums, services.Metrics);
            var done = await copier.RunAsync(resumeFrom, progress =>
            {
                context.SaveCheckpoint(progress.Watermark.ToString(CultureInfo.InvariantCulture));
                context.ReportProgress(CloneProgress.Copying(progress, session.Plan, job.Request.VerifyClone));
                return ValueTask.CompletedTask;
            }, ct);
            services.Metrics.RecordPass(done);
        }
        catch (CopyException e)
        {
            // The engine already reconnected what it could: a retry of the step starts from a fresh session.
            await services.Sessions.ReleaseAsync(job.WorkflowId);
            throw CopyFailures.ToStepException(e);
        }
        catch
        {
            await services.Sessions.ReleaseAsync(job.WorkflowId);
            throw;
        }
        if (!job.Request.VerifyClone)
        {
            await services.Sessions.ReleaseAsync(job.WorkflowId);
        }
    }

    public async Task CompensateAsync(StepContext context, CancellationToken ct)
    {
        // The copied data goes with the destination volume (prepare-destination's compensation).
        await services.Sessions.ReleaseAsync(context.WorkflowId);
        services.Throttles.Release(context.WorkflowId);
    }
}
