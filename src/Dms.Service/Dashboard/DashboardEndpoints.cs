using Dms.Service.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Dms.Service.Dashboard;

/// <summary>
/// Serves the web dashboard at <c>/ui</c>. The files are public (they hold no data); everything the
/// page shows it fetches from API v1 with the session token of POST /api/v1/login, as dmscli does.
/// </summary>
internal static class DashboardEndpoints
{
    public const string Root = "/ui";

    /// <summary>
    /// Only our own files, no inline script or style, nothing from elsewhere, never framed: data
    /// from the API reaches the page only as text, and this policy is the second fence.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static void Map(IEndpointRouteBuilder app)
    {
        var assets = DashboardAssets.FromEmbeddedResources();
        app.MapGet(Root, (HttpContext context) => Serve(context, assets.Find(DashboardAsset.Index))).ServesPublicContent();
        app.MapGet(Root + "/{**asset}", (string? asset, HttpContext context) =>
            Serve(context, assets.Find(string.IsNullOrEmpty(asset) ? DashboardAsset.Index : asset))).ServesPublicContent();
    }

    private static IResult Serve(HttpContext context, DashboardAsset? asset)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        if (asset is null)
        {
            return Results.Text("no such dashboard file\n", statusCode: StatusCodes.Status404NotFound);
        }

        // Revalidate every time (cheap: a 304 by hash), so an upgraded dms never mixes old and new modules.
        headers.CacheControl = "no-cache";
        headers.ETag = asset.ETag;
        if (context.Request.GetTypedHeaders().IfNoneMatch.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Tag == asset.ETag))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Bytes(asset.Bytes, asset.ContentType);
    }
}
