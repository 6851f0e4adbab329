using Lightbits.Emulator.Faults;
using Lightbits.Emulator.Hosting;
using Lightbits.Emulator.State;
using Microsoft.AspNetCore.Http;

namespace Lightbits.Emulator.Api;

/// <summary>
/// Test controls that no real cluster has, under their own prefix and behind the system JWT:
/// fault rules, wrong changed-blocks listings, stopping/starting one server (its API and data endpoints refuse connections),
/// cutting one server's NVMe/TCP connections, putting a volume into Migrating for a while, and the unknown request fields received.
/// </summary>
internal static class EmulatorAdminRoutes
{
    public const string Prefix = "/_emulator/";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/_emulator/faults", async (HttpContext context, FaultInjector faults) =>
        {
            Access.RequireClusterAdmin(context);
            faults.Add(await RequestBody.ReadControlAsync<FaultRule>(context.Request));
            return Results.Json(new { });
        });

        app.MapPost("/_emulator/changed-blocks-faults", async (HttpContext context, ChangedBlocksFaults faults) =>
        {
            Access.RequireClusterAdmin(context);
            faults.Add(await RequestBody.ReadControlAsync<ChangedBlocksFault>(context.Request));
            return Results.Json(new { });
        });

        // Clears every kind of fault.
        app.MapDelete("/_emulator/faults", (HttpContext context, FaultInjector faults, ChangedBlocksFaults listings) =>
        {
            Access.RequireClusterAdmin(context);
            faults.Clear();
            listings.Clear();
            return Results.Json(new { });
        });

        // What a client sent that the API does not have: a real cluster drops such fields silently.
        app.MapGet("/_emulator/unknown-fields", (HttpContext context, UnknownFieldLog log) =>
        {
            Access.RequireClusterAdmin(context);
            return Results.Json(new { unknownFields = log.Snapshot() });
        });

        app.MapDelete("/_emulator/unknown-fields", (HttpContext context, UnknownFieldLog log) =>
        {
            Access.RequireClusterAdmin(context);
            log.Clear();
            return Results.Json(new { });
        });

        app.MapPost("/_emulator/volumes/{uuid}/migrate", async (HttpContext context, ClusterState state, string uuid) =>
        {
            Access.RequireClusterAdmin(context);
            var request = await RequestBody.ReadControlAsync<MigrateRequest>(context.Request);
            state.Migrate(uuid, TimeSpan.FromMilliseconds(request.DurationMs));
            return Results.Json(new { });
        });

        app.MapPost("/_emulator/servers/{name}/{action}", (HttpContext context, ServerRegistry servers, string name, string action) =>
        {
            Access.RequireClusterAdmin(context);
            if (!servers.Exists(name))
            {
                throw ApiException.NotFound($"server \"{name}\" not found");
            }
            Func<Task> change = action switch
            {
                "stop" => () => servers.StopAsync(name),
                "start" => () => servers.StartAsync(name),
                "drop-connections" => () =>
                {
                    servers.DropConnections(name);
                    return Task.CompletedTask;
                },
                _ => throw ApiException.BadRequest($"action \"{action}\" must be stop, start or drop-connections"),
            };
            // After the answer is sent: the server being stopped may be the one answering.
            context.Response.OnCompleted(change);
            return Results.Json(new { });
        });
    }
}
