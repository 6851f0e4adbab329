using System.Text.Json.Nodes;
using Dms.Service.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Dms.Service.Api;

/// <summary>
/// Deny by default (DESIGN §8): every endpoint needs a session unless it is declared open where it
/// is mapped. A request no endpoint matches needs one too, so probing without a token learns
/// nothing. dms refuses to start with an endpoint that declares neither, and the OpenAPI document
/// says for each operation which it is (<c>x-dms-access</c>), so the security tests attack exactly
/// what the running service serves.
/// </summary>
internal static class EndpointAccess
{
    public const string Open = "open";
    public const string Session = "session";
    private const string Extension = "x-dms-access";
    private const string BearerScheme = "bearer";

    /// <summary>Callable without a session: login, probes, the API description.</summary>
    public static TBuilder AllowsAnyone<TBuilder>(this TBuilder endpoint) where TBuilder : IEndpointConventionBuilder =>
        endpoint.AllowAnonymous();

    /// <summary>
    /// Public static content (the dashboard's files at /ui): open because it holds no data, and left
    /// out of the API description, since it is not part of the API. What the page shows, it fetches
    /// from session endpoints.
    /// </summary>
    public static TBuilder ServesPublicContent<TBuilder>(this TBuilder endpoint) where TBuilder : IEndpointConventionBuilder =>
        endpoint.AllowAnonymous().ExcludeFromDescription();

    /// <summary>Callable only with a valid session token.</summary>
    public static TBuilder RequiresSession<TBuilder>(this TBuilder endpoint) where TBuilder : IEndpointConventionBuilder =>
        endpoint.RequireAuthorization();

    public static void AddSessionAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(SessionAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, SessionAuthenticationHandler>(SessionAuthenticationHandler.SchemeName, null);
        var session = new AuthorizationPolicyBuilder(SessionAuthenticationHandler.SchemeName).RequireAuthenticatedUser().Build();
        services.AddAuthorizationBuilder().SetDefaultPolicy(session).SetFallbackPolicy(session);
    }

    /// <summary>The decision an endpoint declared; null when it declared none.</summary>
    public static string? DecisionOf(EndpointMetadataCollection metadata) =>
        metadata.GetMetadata<IAllowAnonymous>() is not null ? Open
        : metadata.GetMetadata<IAuthorizeData>() is not null ? Session
        : null;

    /// <summary>Throws naming every route that declares no decision (called at start-up).</summary>
    public static void VerifyEveryEndpointDecided(IEnumerable<EndpointDataSource> sources)
    {
        var undecided = sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => DecisionOf(e.Metadata) is null)
            .Select(e => e.DisplayName ?? e.RoutePattern.RawText)
            .ToList();
        if (undecided.Count > 0)
        {
            throw new InvalidOperationException(
                $"endpoints without an access decision (mark them AllowsAnyone or RequiresSession where they are mapped): {string.Join("; ", undecided)}");
        }
    }

    public static Task DescribeSchemeAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "The idToken of POST /api/v1/login.",
        };
        return Task.CompletedTask;
    }

    public static Task DescribeOperationAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var decision = DecisionOf(new EndpointMetadataCollection(context.Description.ActionDescriptor.EndpointMetadata)) ?? "undecided";
        operation.Extensions ??= new Dictionary<string, IOpenApiExtension>(StringComparer.Ordinal);
        operation.Extensions[Extension] = new JsonNodeExtension(JsonValue.Create(decision));
        if (decision == Session)
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] }];
        }

        return Task.CompletedTask;
    }
}
