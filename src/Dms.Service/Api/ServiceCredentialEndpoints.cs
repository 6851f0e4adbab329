using Dms.Contracts;
using Dms.Contracts.Auth;
using Dms.Contracts.Json;
using Dms.Contracts.Workflows;
using Dms.Service.Clusters;
using Dms.Service.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Dms.Service.Api;

/// <summary>
/// The service credentials an operator imports into clusters (spec §3), and the promote of a
/// cluster-key rotation [OURS]. Any user may call both: dms has no roles, every htpasswd user is an
/// administrator of it.
/// </summary>
internal static class ServiceCredentialEndpoints
{
    public static void Map(IEndpointRouteBuilder app, ApiLimits limits)
    {
        app.MapGet(Routes.ServiceCredentials, (ClusterKeyRing keys) => Describe(keys))
            .RequiresSession()
            .Produces<ServiceCredentials>();

        app.MapPost(Routes.PromoteServiceCredentials, async (HttpContext context, ClusterKeyRing keys, ClusterKeyRotation rotation) =>
            {
                await RequestBody.ReadAsync(context, DmsJsonContext.Wire.EmptyMessage, limits.MaxBodyBytes, () => new EmptyMessage());
                try
                {
                    await rotation.PromoteAsync(context.RequestAborted);
                }
                catch (ClusterKeyRotationRefusedException e)
                {
                    throw ApiException.FailedPrecondition(e.Message);
                }
                catch (ConfigException e)
                {
                    throw ApiException.FailedPrecondition($"the next cluster key cannot be used: {e.Message}");
                }

                return Describe(keys);
            })
            .DescribesJsonBody<EmptyMessage>(optional: true)
            .RequiresSession()
            .Produces<ServiceCredentials>();
    }

    private static IResult Describe(ClusterKeyRing keys)
    {
        try
        {
            // Read again: `dms cluster-key new` writes the next key while dms runs.
            var next = keys.ReloadNext();
            return Results.Json(new ServiceCredentials
            {
                PubKeyId = keys.Current.PubKeyId,
                PubKey = keys.Current.PublicKeyPemBase64,
                Next = next is null ? null : new ServiceKey { PubKeyId = next.PubKeyId, PubKey = next.PublicKeyPemBase64 },
                PreviousPubKeyId = keys.PreviousPubKeyId,
            }, DmsJsonContext.Wire.ServiceCredentials);
        }
        catch (ConfigException e)
        {
            throw ApiException.FailedPrecondition($"a cluster key file cannot be read: {e.Message}");
        }
    }
}
