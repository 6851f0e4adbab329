using System.Net;

namespace Dms.Service.Api;

/// <summary>A request that ends with an error body (spec §1): HTTP status, gRPC code, and a message naming the field or state.</summary>
internal sealed class ApiException(HttpStatusCode status, int code, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;

    public int Code { get; } = code;

    public TimeSpan? RetryAfter { get; init; }

    public static ApiException InvalidArgument(string message) => new(HttpStatusCode.BadRequest, 3, message);

    /// <summary>Bad state: spec §1 maps it to 400 with code 9.</summary>
    public static ApiException FailedPrecondition(string message) => new(HttpStatusCode.BadRequest, 9, message);

    public static ApiException Unauthenticated(string message) => new(HttpStatusCode.Unauthorized, 16, message);

    public static ApiException NotFound(string message) => new(HttpStatusCode.NotFound, 5, message);

    public static ApiException TooManyRequests(string message, TimeSpan retryAfter) =>
        new(HttpStatusCode.TooManyRequests, 8, message) { RetryAfter = retryAfter };

    public static ApiException Unavailable(string message) => new(HttpStatusCode.ServiceUnavailable, 14, message);
}
