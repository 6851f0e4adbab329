using Lightbits.Emulator.Wire;
using Lightbits.Emulator.Auth;
using Lightbits.Emulator.State;
using Microsoft.AspNetCore.Http;

namespace Lightbits.Emulator.Api;

internal static class SnapshotRoutes
{
    public static void Map(IEndpointRouteBuilder app)
    {
        const string root = "/api/v2/projects/{project}/snapshots";

        app.MapPost(root, async (HttpContext context, ClusterState state, string project) =>
        {
            Access.RequireProject(context, project, AccessKind.Write);
            var r = await RequestBody.ReadAsync<CreateSnapshotRequest>(context.Request);
            var snapshot = state.CreateSnapshot(project, r.Name, r.SourceVolumeUuid, r.SourceVolumeName, r.Description, r.RetentionTime);
            return Results.Json(snapshot.ToApi(state.Identity));
        });

        app.MapGet(root, (HttpContext context, ClusterState state, string project) =>
        {
            Access.RequireProject(context, project, AccessKind.Read);
            var query = context.Request.Query;
            // Snapshots bind the name as "Name" (spec lightbits-api.md §4 quirks).
            var name = query["Name"].FirstOrDefault();
            if (context.Request.Path.Value!.EndsWith('/'))
            {
                var named = state.GetSnapshotByName(project, name ?? throw ApiException.BadRequest("Name or UUID is required"));
                state.HideIfJustCreated(named.CreationTime, $"snapshot \"{name}\" not found in project \"{project}\"");
                return Results.Json(named.ToApi(state.Identity));
            }
            var uuid = query["UUID"].FirstOrDefault();
            var showAll = string.Equals(query["showAll"].FirstOrDefault(), "true", StringComparison.OrdinalIgnoreCase);
            var matching = state.ListSnapshots(project, showAll).Where(s => (name is null || s.Name == name) && (uuid is null || s.Uuid == uuid));
            var snapshots = ListPage.Apply(matching, s => s.Uuid, query).Select(s => s.ToApi(state.Identity));
            return Results.Json(new SnapshotList { Snapshots = [.. snapshots] });
        });

        app.MapGet(root + "/{uuid}", (HttpContext context, ClusterState state, string project, string uuid) =>
        {
            Access.RequireProject(context, project, AccessKind.Read);
            var snapshot = state.GetSnapshot(project, uuid);
            state.HideIfJustCreated(snapshot.CreationTime, $"snapshot {uuid} not found in project \"{project}\"");
            return Results.Json(snapshot.ToApi(state.Identity));
        });

        app.MapDelete(root + "/{uuid}", (HttpContext context, ClusterState state, string project, string uuid) =>
        {
            Access.RequireProject(context, project, AccessKind.Write);
            state.DeleteSnapshot(project, uuid, context.Request.Headers.IfMatch.FirstOrDefault());
            return Results.Json(new { });
        });
    }
}
