using System.Text;
using Dms.Contracts;
using Dms.Contracts.Auth;
using Dms.Contracts.Json;
using Dms.Service.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Dms.Service.Api;

/// <summary>Login (spec §2, §3 LoginResponse).</summary>
internal static class LoginEndpoints
{
    public static void Map(IEndpointRouteBuilder app, ApiLimits limits)
    {
        app.MapPost(Routes.Login, (HttpContext context, HtpasswdFile users, LoginThrottle throttle, SessionTokens tokens, ILogger<HtpasswdFile> logger) =>
                LoginAsync(context, users, throttle, tokens, limits, logger))
            .AllowsAnyone()
            .DescribesJsonBody<LoginRequest>()
            .Produces<LoginResponse>();
    }

    private static async Task<IResult> LoginAsync(HttpContext context, HtpasswdFile users, LoginThrottle throttle, SessionTokens tokens, ApiLimits limits, ILogger logger)
    {
        var (user, password) = await CredentialsAsync(context, limits);
        var address = context.Connection.RemoteIpAddress;
        if (!throttle.TryBegin(address, out var attempt, out var wait))
        {
            throw ApiException.TooManyRequests($"too many failed logins from this address; try again in {Math.Ceiling(wait.TotalSeconds)} s", wait);
        }

        using (attempt)
        {
            if (!users.Verify(user, password))
            {
                logger.LogWarning("Failed login for {User} from {Address}", user, address);
                throw ApiException.Unauthenticated("invalid username or password");
            }

            attempt.Succeeded();
        }

        var response = new LoginResponse { ExpiresIn = (long)tokens.Lifetime.TotalSeconds, IdToken = tokens.Issue(user) };
        return Results.Json(response, DmsJsonContext.Wire.LoginResponse);
    }

    /// <summary>HTTP Basic first ([CF]: an empty login request means Basic), else the JSON form.</summary>
    private static async Task<(string User, string Password)> CredentialsAsync(HttpContext context, ApiLimits limits)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
            }
            catch (FormatException)
            {
                throw ApiException.InvalidArgument("the Basic Authorization header is not base64 of user:password");
            }

            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon > 0 ? (decoded[..colon], decoded[(colon + 1)..])
                : throw ApiException.InvalidArgument("the Basic Authorization header is not base64 of user:password");
        }

        var request = await RequestBody.ReadAsync(context, DmsJsonContext.Wire.LoginRequest, limits.MaxBodyBytes, () =>
            throw ApiException.Unauthenticated("no credentials: send HTTP Basic or {\"username\",\"password\"}"));
        if (string.IsNullOrEmpty(request.Username))
        {
            throw ApiException.InvalidArgument("username is required");
        }

        return (request.Username, request.Password ?? "");
    }
}

/// <summary>Request limits the endpoints enforce.</summary>
internal sealed record ApiLimits(int MaxBodyBytes);
