using Lightbits.Emulator.Wire;
using Lightbits.Emulator.Auth;
using Lightbits.Emulator.State;
using Microsoft.AspNetCore.Http;

namespace Lightbits.Emulator.Api;

internal static class ProjectRoutes
{
    public static void Map(IEndpointRouteBuilder app)
    {

        app.MapPost("/api/v2/projects", async (HttpContext context, ClusterState state) =>
        {
            Access.RequireClusterAdmin(context);
            var request = await RequestBody.ReadAsync<CreateProjectRequest>(context.Request);
            return Results.Json(state.CreateProject(request.Name, request.Description).ToApi());
        });

        app.MapGet("/api/v2/projects", (HttpContext context, ClusterState state) =>
        {
            var caller = Access.Authenticate(context);
            var visible = state.ListProjects().Where(p => caller.May(p.Name, AccessKind.Read)).Select(p => p.ToApi());
            return Results.Json(new ProjectList { Projects = [.. visible] });
        });

        app.MapGet("/api/v2/projects/{name}", (HttpContext context, ClusterState state, string name) =>
        {
            Access.RequireProject(context, name, AccessKind.Read);
            return Results.Json(state.GetProject(name).ToApi());
        });

        app.MapDelete("/api/v2/projects/{name}", (HttpContext context, ClusterState state, string name) =>
        {
            Access.RequireClusterAdmin(context);
            state.DeleteProject(name);
            return Results.Json(new { });
        });
    }
}
