using System.Net;

namespace Dms.Contracts.Errors;

/// <summary>
/// The one table of spec §1: which HTTP status each error code travels with. dms answers by it;
/// dmscli reads answers by it, also ones without our error body (a proxy's 404 page, say).
/// </summary>
public static class ErrorCodes
{
    // A status that several codes share (400) reads as the first of them.
    private static readonly (ErrorCode Code, HttpStatusCode Status)[] Table =
    [
        (ErrorCode.InvalidArgument, HttpStatusCode.BadRequest),
        (ErrorCode.FailedPrecondition, HttpStatusCode.BadRequest), // bad state: 400 as well (spec §1)
        (ErrorCode.Unauthenticated, HttpStatusCode.Unauthorized),
        (ErrorCode.PermissionDenied, HttpStatusCode.Forbidden),
        (ErrorCode.NotFound, HttpStatusCode.NotFound),
        (ErrorCode.Unimplemented, HttpStatusCode.MethodNotAllowed),
        (ErrorCode.AlreadyExists, HttpStatusCode.Conflict),
        // Bad state against something that exists: canceling a workflow whose result was delivered (spec §3 Cancel).
        (ErrorCode.FailedPrecondition, HttpStatusCode.Conflict),
        (ErrorCode.ResourceExhausted, HttpStatusCode.TooManyRequests),
        (ErrorCode.Internal, HttpStatusCode.InternalServerError),
        (ErrorCode.Unavailable, HttpStatusCode.ServiceUnavailable),
    ];

    /// <summary>The status a code travels with; a code with two (9) travels with its first unless the answer names the other.</summary>
    public static HttpStatusCode HttpStatus(this ErrorCode code) => Array.Find(Table, row => row.Code == code) is { Code: not 0 } row
        ? row.Status
        : throw new ArgumentOutOfRangeException(nameof(code), code, "not an error code of the DMS API");

    public static bool TravelsWith(this ErrorCode code, HttpStatusCode status) => Array.Exists(Table, row => row.Code == code && row.Status == status);

    /// <summary>
    /// The error an answer means: its body's <paramref name="code"/> when that code travels with
    /// <paramref name="status"/>, otherwise the status's own code; null for a status the table lacks.
    /// </summary>
    public static ErrorCode? Read(HttpStatusCode status, int? code)
    {
        var rows = Array.FindAll(Table, row => row.Status == status);
        return rows.Any(row => (int)row.Code == code) ? (ErrorCode)code!.Value
            : rows.Length > 0 ? rows[0].Code
            : null;
    }
}
