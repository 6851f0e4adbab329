using System.Net;

namespace Lightbits.Api.Http;

/// <summary>
/// A failed cluster call: the HTTP status (null when no endpoint answered), the cluster's message,
/// which endpoint answered, and whether trying again later can succeed (retryability as data,
/// not as a type hierarchy).
/// </summary>
public sealed class LightbitsApiException : Exception
{
    public LightbitsApiException(string message, HttpStatusCode? status, string? endpoint, bool isRetryable, Exception? inner = null)
        : base(message, inner)
    {
        Status = status;
        Endpoint = endpoint;
        IsRetryable = isRetryable;
    }

    public LightbitsApiException() : this("Lightbits API call failed", null, null, false)
    {
    }

    public LightbitsApiException(string message) : this(message, null, null, false)
    {
    }

    public LightbitsApiException(string message, Exception inner) : this(message, null, null, false, inner)
    {
    }

    public HttpStatusCode? Status { get; }

    /// <summary>The gRPC status code grpc-gateway put in the body; null when the body did not carry one.</summary>
    public int? GrpcCode { get; init; }

    public string? Endpoint { get; }

    public bool IsRetryable { get; }

    public bool IsNotFound => Status == HttpStatusCode.NotFound;

    public bool IsConflict => Status == HttpStatusCode.Conflict;

    public bool IsUnauthorized => Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;
}
