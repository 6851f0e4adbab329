using Lightbits.Emulator.Wire;
using Lightbits.Emulator.Auth;
using Lightbits.Emulator.State;
using Microsoft.AspNetCore.Http;

namespace Lightbits.Emulator.Api;

internal static class CredentialRoutes
{
    public static void Map(IEndpointRouteBuilder app)
    {
        const string root = "/api/v2/projects/{project}/credentials";

        app.MapPost(root, async (HttpContext context, ClusterState state, string project) =>
        {
            Access.RequireProject(context, project, AccessKind.Write);
            var request = await RequestBody.ReadAsync<CreateCredentialRequest>(context.Request);
            return Results.Json(state.CreateCredential(project, request.Id, request.Type ?? CredentialType.UnknownType, request.Payload).ToApi());
        });

        app.MapGet(root, (HttpContext context, ClusterState state, string project) =>
        {
            Access.RequireProject(context, project, AccessKind.Read);
            return Results.Json(new CredentialList { Credentials = [.. state.ListCredentials(project).Select(c => c.ToApi())] });
        });

        app.MapGet(root + "/{id}", (HttpContext context, ClusterState state, string project, string id) =>
        {
            Access.RequireProject(context, project, AccessKind.Read);
            return Results.Json(state.GetCredential(project, id).ToApi());
        });

        app.MapDelete(root + "/{id}", (HttpContext context, ClusterState state, string project, string id) =>
        {
            Access.RequireProject(context, project, AccessKind.Write);
            state.DeleteCredential(project, id);
            return Results.Json(new { });
        });
    }
}
