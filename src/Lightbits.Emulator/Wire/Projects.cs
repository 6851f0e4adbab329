using System.Text.Json.Serialization;

namespace Lightbits.Emulator.Wire;

// Project messages of durosapiv2.proto (spec lightbits-api.md §5).

internal sealed record Project
{
    [JsonPropertyName("UUID")] public string? Uuid { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
}

internal sealed record ProjectList
{
    [JsonPropertyName("projects")] public IReadOnlyList<Project>? Projects { get; init; }
}

internal sealed record CreateProjectRequest
{
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
}
