using Lightbits.Emulator.Wire;
using Lightbits.Emulator.Auth;
using Lightbits.Emulator.State;
using Microsoft.AspNetCore.Http;

namespace Lightbits.Emulator.Api;

/// <summary>
/// Volumes under /api/v2/projects/{p}/volumes and the legacy global form /api/v2/volumes with
/// projectName in the query or body (spec lightbits-api.md §4).
/// </summary>
internal static class VolumeRoutes
{
    public static void Map(IEndpointRouteBuilder app)
    {
        const string scoped = "/api/v2/projects/{project}/volumes";

        app.MapPost(scoped, async (HttpContext c, ClusterState s, string project) => await Create(c, s, project));
        app.MapGet(scoped, (HttpContext c, ClusterState s, string project) => List(c, s, project));
        app.MapGet(scoped + "/{uuid}", (HttpContext c, ClusterState s, string project, string uuid) => Get(c, s, project, uuid));
        app.MapPut(scoped + "/{uuid}", async (HttpContext c, ClusterState s, string project, string uuid) => await Update(c, s, project, uuid));
        app.MapDelete(scoped + "/{uuid}", (HttpContext c, ClusterState s, string project, string uuid) => Delete(c, s, project, uuid));

        app.MapPost("/api/v2/volumes", async (HttpContext c, ClusterState s) => await Create(c, s, project: null));
        app.MapGet("/api/v2/volumes", (HttpContext c, ClusterState s) => List(c, s, QueryProject(c)));
        app.MapGet("/api/v2/volumes/{uuid}", (HttpContext c, ClusterState s, string uuid) => Get(c, s, QueryProject(c), uuid));
        app.MapPut("/api/v2/volumes/{uuid}", async (HttpContext c, ClusterState s, string uuid) => await Update(c, s, QueryProject(c), uuid));
        app.MapDelete("/api/v2/volumes/{uuid}", (HttpContext c, ClusterState s, string uuid) => Delete(c, s, QueryProject(c), uuid));
    }

    private static string QueryProject(HttpContext context) =>
        context.Request.Query["projectName"].FirstOrDefault() is { Length: > 0 } project
            ? project
            : throw ApiException.BadRequest("projectName is required");

    private static async Task<IResult> Create(HttpContext context, ClusterState state, string? project)
    {
        var request = await RequestBody.ReadAsync<CreateVolumeRequest>(context.Request);
        // Path parameters override the body (spec lightbits-api.md §4 quirks).
        project ??= request.ProjectName ?? throw ApiException.BadRequest("projectName is required");
        Access.RequireProject(context, project, AccessKind.Write);
        var volume = state.CreateVolume(project, VolumeRequests.ToSpec(request));
        return Results.Json(volume.ToApi(state.Identity));
    }

    private static IResult List(HttpContext context, ClusterState state, string project)
    {
        Access.RequireProject(context, project, AccessKind.Read);
        var query = context.Request.Query;
        var name = query["name"].FirstOrDefault();
        // GET …/volumes/?name=X is the GetVolume RPC with an empty UUID: one object or 404.
        if (context.Request.Path.Value!.EndsWith('/'))
        {
            var named = state.GetVolumeByName(project, name ?? throw ApiException.BadRequest("name or UUID is required"));
            state.HideIfJustCreated(named.CreationTime, $"volume \"{name}\" not found in project \"{project}\"");
            return Results.Json(named.ToApi(state.Identity));
        }
        var uuid = query["UUID"].FirstOrDefault();
        var showAll = string.Equals(query["showAll"].FirstOrDefault(), "true", StringComparison.OrdinalIgnoreCase);
        var matching = state.ListVolumes(project, showAll).Where(v => (name is null || v.Name == name) && (uuid is null || v.Uuid == uuid));
        var volumes = ListPage.Apply(matching, v => v.Uuid, query).Select(v => v.ToApi(state.Identity));
        return Results.Json(new VolumeList { Volumes = [.. volumes] });
    }

    private static IResult Get(HttpContext context, ClusterState state, string project, string uuid)
    {
        Access.RequireProject(context, project, AccessKind.Read);
        var volume = state.GetVolume(project, uuid);
        state.HideIfJustCreated(volume.CreationTime, $"volume {uuid} not found in project \"{project}\"");
        return Results.Json(volume.ToApi(state.Identity));
    }

    private static async Task<IResult> Update(HttpContext context, ClusterState state, string project, string uuid)
    {
        Access.RequireProject(context, project, AccessKind.Write);
        var request = await RequestBody.ReadAsync<UpdateVolumeRequest>(context.Request);
        state.UpdateVolume(project, uuid, VolumeRequests.ToUpdate(request), context.Request.Headers.IfMatch.FirstOrDefault());
        return Results.Json(new { });
    }

    private static IResult Delete(HttpContext context, ClusterState state, string project, string uuid)
    {
        Access.RequireProject(context, project, AccessKind.Write);
        state.DeleteVolume(project, uuid, context.Request.Headers.IfMatch.FirstOrDefault());
        return Results.Json(new { });
    }
}
