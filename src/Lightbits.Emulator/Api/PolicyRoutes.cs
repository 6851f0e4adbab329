using Lightbits.Emulator.Auth;
using Lightbits.Emulator.State;
using Lightbits.Emulator.Wire;
using Microsoft.AspNetCore.Http;

namespace Lightbits.Emulator.Api;

/// <summary>
/// QoS policies under /api/v2/policies (durosapiv2.proto CreatePolicy, GetPolicy, ListPolicies,
/// DeletePolicy). Cluster-wide: cluster admins manage them; any project role may read the ones
/// its projects may use, without their visibility.
/// </summary>
internal static class PolicyRoutes
{
    private const string Path = "/api/v2/policies";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost(Path, async (HttpContext context, ClusterState state) =>
        {
            Access.RequireClusterAdmin(context);
            var request = await RequestBody.ReadAsync<CreatePolicyRequestWire>(context.Request);
            return Results.Json(state.CreatePolicy(PolicyMapping.ToSpec(request)).ToWire(showScope: true));
        });

        app.MapGet(Path, (HttpContext context, ClusterState state) =>
        {
            var caller = Access.Authenticate(context);
            var name = context.Request.Query["name"].FirstOrDefault();
            // GET …/policies/?name=X is the GetPolicy RPC with an empty UUID: one object or 404.
            if (context.Request.Path.Value!.EndsWith('/'))
            {
                return Get(caller, state, null, name);
            }
            return List(caller, state, context.Request.Query["UUID"].FirstOrDefault(), name, context.Request.Query["projectName"].FirstOrDefault());
        });

        app.MapGet(Path + "/{uuid}", (HttpContext context, ClusterState state, string uuid) =>
            Get(Access.Authenticate(context), state, uuid, context.Request.Query["name"].FirstOrDefault()));

        app.MapDelete(Path + "/{uuid}", (HttpContext context, ClusterState state, string uuid) => Delete(context, state, uuid));
        app.MapDelete(Path, (HttpContext context, ClusterState state) => Delete(context, state, null));
    }

    private static IResult List(Caller caller, ClusterState state, string? uuid, string? name, string? project)
    {
        var policies = state.ListPolicies()
            .Where(p => MayRead(caller, p) && (uuid is null || p.Uuid == uuid) && (name is null || p.Name == name)
                && (project is null || p.IsUsableBy(project)))
            .ToList();
        // ListPolicies documents 404 for a UUID or name filter that matches nothing.
        if (policies.Count == 0 && (uuid is not null || name is not null))
        {
            throw ApiException.NotFound($"policy {uuid ?? $"\"{name}\""} not found");
        }
        var showScope = caller.IsClusterAdmin && project is null;
        return Results.Json(new PolicyListWire { Policies = [.. policies.Select(p => p.ToWire(showScope))] });
    }

    private static IResult Get(Caller caller, ClusterState state, string? uuid, string? name)
    {
        var policy = state.GetPolicy(uuid, name);
        if (!MayRead(caller, policy))
        {
            // Indistinguishable from a policy that does not exist, as for other projects' volumes.
            throw ApiException.NotFound($"policy {uuid ?? $"\"{name}\""} not found");
        }
        return Results.Json(policy.ToWire(caller.IsClusterAdmin));
    }

    private static IResult Delete(HttpContext context, ClusterState state, string? uuid)
    {
        Access.RequireClusterAdmin(context);
        state.DeletePolicy(uuid, context.Request.Query["name"].FirstOrDefault());
        return Results.Json(new { });
    }

    private static bool MayRead(Caller caller, PolicyRecord policy) =>
        caller.IsClusterAdmin
        || (caller.HasAnyProjectRole && (policy.ProjectsScope is null || policy.ProjectsScope.Any(p => caller.May(p, AccessKind.Read))));
}
