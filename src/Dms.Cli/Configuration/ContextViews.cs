using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dms.Cli.Configuration;

/// <summary>What dmscli config get-contexts prints for scripts (-o json|yaml): names and servers, never tokens.</summary>
internal sealed record ContextList(string? CurrentContext, IReadOnlyList<ContextView> Contexts);

internal sealed record ContextView(string Name, string? BaseUrl, bool Current, bool LoggedIn);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ContextList))]
internal sealed partial class ContextJsonContext : JsonSerializerContext;
