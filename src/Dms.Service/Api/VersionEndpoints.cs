using Common;
using Dms.Contracts;
using Dms.Contracts.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Dms.Service.Api;

/// <summary>
/// `GET /api/v1/version` for `dmscli version`. Session only: an exact build number tells an
/// anonymous scanner which published flaws to try, and an operator asking has logged in anyway.
/// </summary>
internal static class VersionEndpoints
{
    public const string ApiVersion = "v1";

    public static void Map(IEndpointRouteBuilder app)
    {
        var answer = new VersionResponse { Version = ProgramVersion.Of(typeof(VersionEndpoints).Assembly), ApiVersion = ApiVersion };
        app.MapGet(Routes.Version, () => Results.Json(answer, DmsJsonContext.Wire.VersionResponse))
            .RequiresSession()
            .Produces<VersionResponse>();
    }
}
