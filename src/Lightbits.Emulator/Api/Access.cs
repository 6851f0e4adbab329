using Lightbits.Emulator.Auth;
using Lightbits.Emulator.State;
using Microsoft.AspNetCore.Http;

namespace Lightbits.Emulator.Api;

/// <summary>Authentication (401) then authorization (403) for one request, per spec lightbits-api.md §7.3–7.4.</summary>
internal static class Access
{
    public static Caller Authenticate(HttpContext context) =>
        context.RequestServices.GetRequiredService<JwtValidator>().Validate(context.Request.Headers.Authorization);

    /// <summary>Project-scoped resources: cluster admin, the project's admin, or (reads) its viewer.</summary>
    public static Caller RequireProject(HttpContext context, string project, AccessKind access)
    {
        var caller = Authenticate(context);
        if (!caller.May(project, access))
        {
            throw ApiException.Forbidden($"{caller.KeyId} may not {(access == AccessKind.Read ? "read" : "change")} resources of project \"{project}\"");
        }
        return caller;
    }

    /// <summary>Cluster-wide resources (system JWT only, spec lightbits-api.md §7.4).</summary>
    public static Caller RequireClusterAdmin(HttpContext context)
    {
        var caller = Authenticate(context);
        if (!caller.IsClusterAdmin)
        {
            throw ApiException.Forbidden($"{caller.KeyId} is not a cluster admin");
        }
        return caller;
    }

    /// <summary>Cluster reads that tenants may be allowed (configurable: unknown on real clusters, spec §7.4).</summary>
    public static Caller RequireClusterRead(HttpContext context, EmulatorOptions options)
    {
        var caller = Authenticate(context);
        if (!caller.IsClusterAdmin && !(options.TenantsMayReadCluster && caller.HasAnyProjectRole))
        {
            throw ApiException.Forbidden($"{caller.KeyId} may not read cluster information");
        }
        return caller;
    }
}
