using System.Text.Json;

namespace Dms.Contracts.Errors;

/// <summary>Every error body (spec dms-api.md §1): <c>message</c> and <c>error</c> carry the same text.</summary>
public sealed record ApiError
{
    /// <summary>gRPC status code (3 invalid argument, 5 not found, 9 bad state, 16 unauthenticated…).</summary>
    public required int Code { get; init; }

    public required string Message { get; init; }

    public required string Error { get; init; }

    public IReadOnlyList<JsonElement> Details { get; init; } = [];

    public static ApiError Of(int code, string message) => new() { Code = code, Message = message, Error = message };
}
