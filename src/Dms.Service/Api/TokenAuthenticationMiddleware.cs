using Dms.Service.Auth;
using Microsoft.AspNetCore.Http;

namespace Dms.Service.Api;

/// <summary>
/// Spec §1 Auth: every /api/ path except login needs a valid session token — also paths that do
/// not exist, so probing for routes without a token learns nothing.
/// </summary>
internal sealed class TokenAuthenticationMiddleware(RequestDelegate next, SessionTokens tokens)
{
    public const string UserItem = "dms.user";

    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (!path.StartsWith(Routes.ApiPrefix, StringComparison.Ordinal) || path.Equals(Routes.Login, StringComparison.Ordinal))
        {
            return next(context);
        }

        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            throw ApiException.Unauthenticated("missing bearer token: log in with POST /api/v1/login and send Authorization: Bearer <idToken>");
        }

        var user = tokens.Validate(header["Bearer ".Length..].Trim())
            ?? throw ApiException.Unauthenticated("the bearer token is malformed, badly signed or expired; log in again");
        context.Items[UserItem] = user;
        return next(context);
    }
}
