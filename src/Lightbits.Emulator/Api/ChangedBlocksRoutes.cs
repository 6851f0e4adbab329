using System.Globalization;
using Lightbits.Emulator.Wire;
using Lightbits.Emulator.Auth;
using Lightbits.Emulator.Faults;
using Lightbits.Emulator.State;
using Lightbits.Emulator.Storage;
using Microsoft.AspNetCore.Http;

namespace Lightbits.Emulator.Api;

/// <summary>GET /api/v2/projects/{p}/snapshots/diff/{snapshotUUID}: the ListChangedBlocks RPC (spec lightbits-api.md §13).</summary>
internal static class ChangedBlocksRoutes
{
    /// <summary>At most this many ranges per answer (lbcli reference).</summary>
    public const int MaxRanges = 10000;

    public static void Map(IEndpointRouteBuilder app)
    {
        const string root = "/api/v2/projects/{project}/snapshots/diff";
        app.MapGet(root + "/{uuid}", (HttpContext c, ClusterState s, BlockStore b, ChangedBlocksFaults f, EmulatorOptions o, string project, string uuid) => List(c, s, b, f, o, project, uuid));
        // The snapshot may be named in the query instead of the path.
        app.MapGet(root, (HttpContext c, ClusterState s, BlockStore b, ChangedBlocksFaults f, EmulatorOptions o, string project) => List(c, s, b, f, o, project, uuid: null));
    }

    private static IResult List(HttpContext context, ClusterState state, BlockStore blocks, ChangedBlocksFaults faults, EmulatorOptions options, string project, string? uuid)
    {
        Access.RequireProject(context, project, AccessKind.Read);
        var query = context.Request.Query;
        var snapshot = uuid is not null ? state.GetSnapshot(project, uuid)
            : query["snapshotName"].FirstOrDefault() is { } name ? state.GetSnapshotByName(project, name)
            : throw ApiException.BadRequest("snapshotUUID or snapshotName is required");
        var baseSnapshot = query["baseSnapshotUUID"].FirstOrDefault() is { } baseUuid ? state.GetSnapshot(project, baseUuid)
            : query["baseSnapshotName"].FirstOrDefault() is { } baseName ? state.GetSnapshotByName(project, baseName)
            : null;
        var offsetText = query["offsetLBA"].FirstOrDefault() ?? "0";
        // Bounded so that an offset in 4 KiB units still fits in sectors (no volume is that large).
        if (!ulong.TryParse(offsetText, NumberStyles.None, CultureInfo.InvariantCulture, out var offset) || offset > long.MaxValue / 8)
        {
            throw ApiException.BadRequest($"offsetLBA \"{offsetText}\" is not an unsigned integer");
        }

        try
        {
            var snapshotId = Guid.Parse(snapshot.Uuid);
            var sectorSize = blocks.GetSnapshot(snapshotId).SectorSize;
            var encoding = options.ChangedBlocksEncoding;
            var scanned = blocks.GetChangedBlocks(snapshotId, baseSnapshot is null ? null : Guid.Parse(baseSnapshot.Uuid),
                (long)offset * encoding.SectorsPerLba(sectorSize), MaxRanges, options.ChangedBlocksSinceCreation);
            var page = encoding.Encode(faults.Apply(snapshot.Uuid, scanned), sectorSize);
            return Results.Json(new ChangedBlocksResponse
            {
                NextOffsetLba = (ulong)page.NextOffsetLba,
                LbaRanges = [.. page.LbaRanges.Select(r => new LbaRange { LbaStart = (ulong)r.LbaStart, LbaEnd = (ulong)r.LbaEnd, DataBitMap = r.DataBitmap })],
            });
        }
        catch (BlockStoreException e)
        {
            throw e.Error switch
            {
                BlockStoreError.SameSnapshot => ApiException.BadRequest($"snapshot {snapshot.Uuid} and the base are the same snapshot"),
                BlockStoreError.BaseNotOnChain => ApiException.BadRequest($"base snapshot {baseSnapshot?.Uuid} is not an older snapshot of the same volume chain as {snapshot.Uuid}"),
                BlockStoreError.OffsetPastEnd => ApiException.BadRequest($"offsetLBA {offset} is past the end of snapshot {snapshot.Uuid}"),
                _ when e.IsNotFound => ApiException.NotFound(e.Message),
                _ => e,
            };
        }
    }
}
