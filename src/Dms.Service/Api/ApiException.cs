using System.Diagnostics;
using System.Net;
using Dms.Contracts.Errors;

namespace Dms.Service.Api;

/// <summary>A request that ends with an error body (spec §1): an error code, its HTTP status by <see cref="ErrorCodes"/>, and a message naming the field or state.</summary>
internal sealed class ApiException(ErrorCode code, string message) : Exception(message)
{
    private readonly HttpStatusCode? _status;

    private ApiException(ErrorCode code, string message, HttpStatusCode status)
        : this(code, message) => _status = status;

    public ErrorCode Code { get; } = code;

    public HttpStatusCode Status => _status ?? Code.HttpStatus();

    public TimeSpan? RetryAfter { get; init; }

    public static ApiException InvalidArgument(string message) => new(ErrorCode.InvalidArgument, message);

    /// <summary>Bad state: spec §1 maps it to 400 with code 9.</summary>
    public static ApiException FailedPrecondition(string message) => new(ErrorCode.FailedPrecondition, message);

    /// <summary>Bad state against something that exists and stays (spec §3: cancel after finalize): 409 with code 9.</summary>
    public static ApiException ConflictsWithResult(string message)
    {
        Debug.Assert(ErrorCode.FailedPrecondition.TravelsWith(HttpStatusCode.Conflict));
        return new(ErrorCode.FailedPrecondition, message, HttpStatusCode.Conflict);
    }

    public static ApiException Unauthenticated(string message) => new(ErrorCode.Unauthenticated, message);

    public static ApiException NotFound(string message) => new(ErrorCode.NotFound, message);

    public static ApiException TooManyRequests(string message, TimeSpan retryAfter) =>
        new(ErrorCode.ResourceExhausted, message) { RetryAfter = retryAfter };

    public static ApiException Unavailable(string message) => new(ErrorCode.Unavailable, message);
}
