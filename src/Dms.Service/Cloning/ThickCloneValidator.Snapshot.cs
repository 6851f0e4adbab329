using Dms.Contracts.Cloning;
using Lightbits.Api;
using Lightbits.Api.Model;

namespace Dms.Service.Cloning;

/// <summary>The source snapshot of a clone, named by UUID (<c>src.snapId</c>) or by name in its project ([OURS] <c>src.snapName</c>).</summary>
internal sealed partial class ThickCloneValidator
{
    /// <summary>Exactly one of src.snapId and src.snapName, well formed.</summary>
    private static FieldError? SnapshotChoice(SrcSnapshotInfo src) => (src.SnapId, src.SnapName) switch
    {
        (not null, not null) => FieldError.Invalid("src.snapName", src.SnapName,
            $"give src.snapId or src.snapName, not both (src.snapId '{src.SnapId}', src.snapName '{src.SnapName}')"),
        (null, null) => FieldError.Invalid("src.snapId", null, "src.snapId or src.snapName is required"),
        (not null, null) => Uuid("src.snapId", src.SnapId, out _),
        (null, not null) => Name("src.snapName", src.SnapName),
    };

    /// <summary>The snapshot <paramref name="src"/> names on the source cluster, usable for a clone, or the field error saying why not.</summary>
    private static async Task<(Snapshot? Snapshot, FieldError? Error)> FindSourceAsync(ILightbitsCluster source, SrcSnapshotInfo src, string clusterId, CancellationToken ct)
    {
        Uuid("src.snapId", src.SnapId, out var snapId);
        var (field, value) = src.SnapName is { } name ? ("src.snapName", $"'{name}'") : ("src.snapId", snapId);
        var snapshot = src.SnapName is { } byName
            ? await Ask(() => source.FindSnapshotByNameAsync(src.ProjectName!, byName, ct), "src.clusterId", clusterId)
            : await Ask(() => source.FindSnapshotAsync(src.ProjectName!, snapId, ct), "src.clusterId", clusterId);
        if (snapshot is null)
        {
            return (null, FieldError.Missing(field, src.SnapName ?? snapId, $"{field} {value} is not a snapshot of project '{src.ProjectName}' on cluster {clusterId}"));
        }
        if (snapshot.Uuid is null)
        {
            return (null, FieldError.Invalid(field, src.SnapName ?? snapId, RequiredField.Missing(clusterId, $"snapshot {value}", "UUID").Message));
        }
        if (snapshot.State != SnapshotState.Available)
        {
            return (null, new FieldError(field, src.SnapName ?? snapId, FieldProblem.NotReady, $"{field} {value} is {snapshot.State}, not Available"));
        }

        return (snapshot, null);
    }
}
