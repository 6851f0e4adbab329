using Dms.Contracts.Errors;
using Dms.Service.Cloning;

namespace Dms.Service.Api;

/// <summary>A refused request field as the API error of spec §1: the one place its status and code are chosen.</summary>
internal static class FieldErrors
{
    public static ApiException ToApiException(this FieldError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Problem switch
        {
            // A referenced resource that does not exist is 404 like any other (spec §1), so clients tell it from a malformed value by the code.
            FieldProblem.Missing => ApiException.NotFound(error.Message),
            FieldProblem.NotReady => ApiException.FailedPrecondition(error.Message),
            FieldProblem.Taken => new ApiException(ErrorCode.AlreadyExists, error.Message),
            FieldProblem.Unreachable => ApiException.Unavailable(error.Message),
            _ => ApiException.InvalidArgument(error.Message),
        };
    }
}
