using System.Text.Json;

namespace Dms.Contracts.Errors;

/// <summary>Every error body (spec dms-api.md §1): <c>message</c> and <c>error</c> carry the same text.</summary>
public sealed record ApiError
{
    /// <summary>gRPC status code, one of <see cref="ErrorCode"/> when dms sent it (a number on the wire).</summary>
    public required int Code { get; init; }

    public required string Message { get; init; }

    public required string Error { get; init; }

    public IReadOnlyList<JsonElement> Details { get; init; } = [];

    public static ApiError Of(ErrorCode code, string message) => new() { Code = (int)code, Message = message, Error = message };
}
