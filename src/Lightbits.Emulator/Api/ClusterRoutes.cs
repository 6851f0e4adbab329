using Lightbits.Emulator.Wire;
using Lightbits.Emulator.Hosting;
using Lightbits.Emulator.State;
using Microsoft.AspNetCore.Http;

namespace Lightbits.Emulator.Api;

internal static class ClusterRoutes
{
    public const string ApiVersion = "v2";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v2/version", (HttpContext context) =>
        {
            Access.Authenticate(context);
            return Results.Json(new ApiVersion { Version = ApiVersion });
        });

        app.MapGet("/api/v2/cluster", (HttpContext context, ClusterState state, ServerRegistry servers) =>
        {
            Access.RequireClusterAdmin(context);
            var id = state.Identity;
            return Results.Json(new ClusterInfo
            {
                Uuid = id.Uuid,
                SubsystemNqn = id.SubsystemNqn,
                CurrentMaxReplicas = state.CurrentMaxReplicas,
                SupportedMaxReplicas = 3,
                Statistics = state.Statistics(),
                ETag = "1",
                Health = new ClusterHealth { State = servers.AllRunning ? HealthState.OK : HealthState.Warning, NumInactiveNodes = (uint)servers.StoppedCount },
                MinVersionInCluster = id.Version,
                MinAllowedVersion = id.Version,
                MaxAllowedVersion = id.Version,
                ApiEndpoints = [.. id.Servers.Select(s => s.ApiEndpoint)],
                DiscoveryEndpoints = [.. id.Servers.Select(s => s.DiscoveryEndpoint)],
                ClusterName = id.Name,
            });
        });

        app.MapGet("/api/v2/clusterinfo", (HttpContext context, ClusterState state) =>
        {
            Access.RequireClusterRead(context, state.Options);
            var id = state.Identity;
            return Results.Json(new ClusterInfoV2
            {
                Uuid = id.Uuid,
                SubsystemNqn = id.SubsystemNqn,
                CurrentMaxReplicas = state.CurrentMaxReplicas,
                SupportedMaxReplicas = 3,
                ETag = "1",
                ApiEndpoints = [.. id.Servers.Select(s => s.ApiEndpoint)],
                DiscoveryEndpoints = [.. id.Servers.Select(s => s.DiscoveryEndpoint)],
                NvmeEndpoints = [.. id.Servers.Select(s => s.NvmeEndpoint)],
                ClusterName = id.Name,
            });
        });

        app.MapGet("/api/v2/nodes", (HttpContext context, ClusterState state, string? name, string? UUID, string? failureDomain) =>
        {
            Access.RequireClusterRead(context, state.Options);
            if (new[] { name, UUID, failureDomain }.Count(q => q is not null) > 1)
            {
                throw ApiException.BadRequest("name, UUID and failureDomain are mutually exclusive");
            }
            var nodes = state.Identity.Servers.Select(s => s.ToNode())
                .Where(n => (name is null || n.Name == name) && (UUID is null || n.Uuid == UUID) &&
                            (failureDomain is null || n.FailureDomains!.Contains(failureDomain)));
            return Results.Json(new NodeList { Nodes = [.. nodes] });
        });

        app.MapGet("/api/v2/nodes/{uuid}", (HttpContext context, ClusterState state, string uuid) =>
        {
            Access.RequireClusterRead(context, state.Options);
            var server = state.Identity.Servers.FirstOrDefault(s => s.NodeUuid == uuid)
                ?? throw ApiException.NotFound($"node {uuid} not found");
            return Results.Json(server.ToNode());
        });

        app.MapGet("/api/v2/servers", (HttpContext context, ClusterState state, ServerRegistry servers, string? UUID, string? Name) =>
        {
            Access.RequireClusterAdmin(context);
            var list = state.Identity.Servers
                .Where(s => (UUID is null || s.Uuid == UUID) && (Name is null || s.Name == Name))
                .Select(s => s.ToServer(state.Identity.Version, servers.IsRunning(s.Name)));
            return Results.Json(new ServerList { Servers = [.. list] });
        });

        app.MapGet("/api/v2/servers/{uuid}", (HttpContext context, ClusterState state, ServerRegistry servers, string uuid) =>
        {
            Access.RequireClusterAdmin(context);
            var server = state.Identity.Servers.FirstOrDefault(s => s.Uuid == uuid)
                ?? throw ApiException.NotFound($"server {uuid} not found");
            return Results.Json(server.ToServer(state.Identity.Version, servers.IsRunning(server.Name)));
        });
    }
}
