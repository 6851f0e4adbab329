using Dms.Workflows;

namespace Dms.Service.Cloning;

/// <summary>
/// What a step's journal says about a volume or snapshot it creates: the resource itself, recorded
/// before the create is sent (cleanup finds it after a crash), and the UUID the cluster answered the
/// create with. A compensation that finds the UUID knows the resource exists even while the
/// cluster's reads still answer 404 for it (a fresh create, docs/lightbits-assumptions.md "States and
/// refusals"), and waits that out rather than believing it gone and leaving it behind.
/// </summary>
internal static class CreateJournal
{
    /// <summary>Records the UUID of <paramref name="resource"/>'s answered create; also after a cancel, for the resource exists either way.</summary>
    public static Func<string, Task> Answered(StepContext context, string resource) =>
        uuid => context.IdentifyResourceAsync(resource, uuid, CancellationToken.None);

    /// <summary>The UUID this step's journal recorded for <paramref name="resource"/>'s create, or null when no create was answered.</summary>
    public static string? AnsweredUuid(StepContext context, string resource) => context.ResourceId(resource);
}
