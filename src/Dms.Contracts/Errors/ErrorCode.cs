namespace Dms.Contracts.Errors;

/// <summary>The gRPC status codes DMS answers with, as <see cref="ApiError.Code"/> carries them (spec §1).</summary>
public enum ErrorCode
{
    InvalidArgument = 3,
    NotFound = 5,
    AlreadyExists = 6,
    PermissionDenied = 7,
    ResourceExhausted = 8,
    FailedPrecondition = 9,
    Unimplemented = 12,
    Internal = 13,
    Unavailable = 14,
    Unauthenticated = 16,
}
