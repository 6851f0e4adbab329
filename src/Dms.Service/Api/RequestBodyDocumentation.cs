using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Dms.Service.Api;

/// <summary>
/// Puts request bodies into the OpenAPI document. Endpoints read their bodies themselves (for
/// errors that name the field, <see cref="RequestBody"/>), so the framework cannot see them; and
/// <c>Accepts</c> would also make routing refuse a body sent without a JSON content type with a bare
/// 415, where curl users get a body through today.
/// </summary>
internal static class RequestBodyDocumentation
{
    private const string MediaType = "application/json";

    /// <summary>Documents <typeparamref name="T"/> as the endpoint's JSON body; documentation only, nothing is enforced.</summary>
    public static RouteHandlerBuilder DescribesJsonBody<T>(this RouteHandlerBuilder endpoint, bool optional = false) =>
        endpoint.WithMetadata(new JsonBody(typeof(T), optional));

    public static async Task DescribeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<JsonBody>().FirstOrDefault() is not { } body)
        {
            return;
        }

        var schema = await context.GetOrCreateSchemaAsync(body.Type, parameterDescription: null, ct);
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = !body.Optional,
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal) { [MediaType] = new() { Schema = schema } },
        };
    }

    private sealed record JsonBody(Type Type, bool Optional);
}
