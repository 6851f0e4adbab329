using System.Text.Json.Serialization;

namespace Lightbits.Api.Model;

/// <summary>A project; every field may be absent (null = not reported), and only its name is ever relied on.</summary>
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
