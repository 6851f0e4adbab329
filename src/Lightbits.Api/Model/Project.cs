using System.Text.Json.Serialization;

namespace Lightbits.Api.Model;

public sealed record Project
{
    [JsonPropertyName("UUID")] public string? Uuid { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
}

public sealed record ProjectList
{
    [JsonPropertyName("projects")] public IReadOnlyList<Project> Projects { get; init; } = [];
}

public sealed record CreateProjectRequest
{
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
}
