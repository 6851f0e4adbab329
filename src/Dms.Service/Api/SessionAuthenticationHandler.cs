using System.Security.Claims;
using System.Text.Encodings.Web;
using Dms.Contracts.Errors;
using Dms.Contracts.Json;
using Dms.Service.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dms.Service.Api;

/// <summary>
/// Spec §1 Auth, through ASP.NET Core's authentication: a <c>Bearer</c> session token makes the
/// caller that user. Which endpoints need one is decided by <see cref="EndpointAccess"/>, never by
/// looking at the path (routing ignores case and decodes escapes; a prefix check did not).
/// </summary>
internal sealed class SessionAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, SessionTokens tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "DmsSession";

    private const string NoToken = "missing bearer token: log in with POST /api/v1/login (dmscli login) and send Authorization: Bearer <idToken>";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.Fail(NoToken));
        }

        var check = tokens.Validate(header["Bearer ".Length..].Trim());
        if (check.User is not { } user)
        {
            return Task.FromResult(AuthenticateResult.Fail(check.Refusal!));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, user)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    /// <summary>The spec §1 error body, saying why the token was refused when there was one.</summary>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.StatusCode = (int)ErrorCode.Unauthenticated.HttpStatus();
        Response.Headers.WWWAuthenticate = "Bearer";
        await Response.WriteAsJsonAsync(ApiError.Of(ErrorCode.Unauthenticated, result.Failure?.Message ?? NoToken), DmsJsonContext.Wire.ApiError);
    }
}
