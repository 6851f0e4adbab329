using System.Net;

namespace Lightbits.Emulator.State;

/// <summary>
/// A refusal the REST layer turns into grpc-gateway's error body. The gRPC code goes with the
/// HTTP status as grpc-gateway maps them (spec lightbits-api.md §2).
/// </summary>
public sealed class ApiException : Exception
{
    public ApiException(HttpStatusCode status, string message) : base(message) => Status = status;

    /// <summary>A refusal whose gRPC code is not the one grpc-gateway's table gives back for its status.</summary>
    public ApiException(HttpStatusCode status, int grpcCode, string message) : base(message)
    {
        Status = status;
        _grpcCode = grpcCode;
    }

    public ApiException() : this(HttpStatusCode.InternalServerError, "internal error")
    {
    }

    public ApiException(string message) : this(HttpStatusCode.BadRequest, message)
    {
    }

    public ApiException(string message, Exception inner) : base(message, inner) => Status = HttpStatusCode.BadRequest;

    private readonly int? _grpcCode;

    public HttpStatusCode Status { get; }

    /// <summary>
    /// Several gRPC codes share an HTTP status (FailedPrecondition and InvalidArgument are both 400,
    /// Aborted and AlreadyExists both 409); clients tell them apart by this code in the body.
    /// </summary>
    public int GrpcCode => _grpcCode ?? Status switch
    {
        HttpStatusCode.BadRequest => 3,
        HttpStatusCode.Unauthorized => 16,
        HttpStatusCode.Forbidden => 7,
        HttpStatusCode.NotFound => 5,
        HttpStatusCode.Conflict => 6,
        HttpStatusCode.PreconditionFailed => 9,
        HttpStatusCode.TooManyRequests => 8,
        HttpStatusCode.ServiceUnavailable => 14,
        HttpStatusCode.NotImplemented => 12,
        _ => 13,
    };

    public static ApiException BadRequest(string message) => new(HttpStatusCode.BadRequest, message);
    public static ApiException NotFound(string message) => new(HttpStatusCode.NotFound, message);
    public static ApiException Conflict(string message) => new(HttpStatusCode.Conflict, message);
    public static ApiException Unavailable(string message) => new(HttpStatusCode.ServiceUnavailable, message);
    public static ApiException Forbidden(string message) => new(HttpStatusCode.Forbidden, message);
    public static ApiException Unauthorized(string message) => new(HttpStatusCode.Unauthorized, message);

    /// <summary>
    /// 409 "There is a user operation in progress on the volume/snapshot" (the proto's wording for
    /// UpdateVolume, DeleteVolume and DeleteSnapshot); gRPC Aborted, which grpc-gateway maps to 409 (docs/lightbits-assumptions.md).
    /// </summary>
    public static ApiException OperationInProgress(string resource) =>
        new(HttpStatusCode.Conflict, GrpcCodes.Aborted, $"There is a user operation in progress on the {resource}");
}
