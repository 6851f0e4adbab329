using System.Security.Authentication;
using Dms.Contracts.Clusters;
using Lightbits.Api.Http;

namespace Dms.Service.Clusters;

/// <summary>
/// Spec §3 accessConnectionStatus: the management API answers and accepts our JWT. A certificate
/// that no longer matches the pin counts as Unauthorized (DESIGN §8: re-attach to trust the new one).
/// </summary>
internal sealed class AccessProbe(ClusterClientFactory factory)
{
    public async Task<ConnectionStatus> ProbeAsync(ClusterRecord cluster, CancellationToken ct)
    {
        using var client = factory.Create(cluster, maxAttempts: 1);
        try
        {
            await client.GetClusterInfoAsync(ct);
            return ConnectionStatus.Connected;
        }
        catch (LightbitsApiException e) when (e.IsUnauthorized)
        {
            return ConnectionStatus.Unauthorized;
        }
        catch (LightbitsApiException e) when (IsCertificateRejected(e))
        {
            return ConnectionStatus.Unauthorized;
        }
        catch (LightbitsApiException)
        {
            return ConnectionStatus.Disconnected;
        }
    }

    private static bool IsCertificateRejected(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is AuthenticationException)
            {
                return true;
            }
        }

        return false;
    }
}
