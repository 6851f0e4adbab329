using System.Text.RegularExpressions;

namespace Common.Text;

/// <summary>The Lightbits resource-name rule <c>^[a-zA-Z0-9-_.]{1,253}$</c> (spec lightbits-api.md §5, §10).</summary>
public static partial class Names
{
    public const int MaxLength = 253;

    [GeneratedRegex("^[a-zA-Z0-9_.-]{1,253}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    public static bool IsValid(string? name) => name is not null && NamePattern().IsMatch(name);

    /// <summary>Why <paramref name="name"/> is not a valid name for <paramref name="field"/>, or null when it is.</summary>
    public static string? Problem(string field, string? name) => name switch
    {
        null or "" => $"{field} is required",
        { Length: > MaxLength } => $"{field} is {name.Length} characters long; the limit is {MaxLength}",
        _ when !IsValid(name) => $"{field} \"{name}\" may contain only letters, digits, '-', '_' and '.'",
        _ => null,
    };
}
