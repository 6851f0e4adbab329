namespace Dms.Service.Api;

/// <summary>UUIDs in paths and bodies: 400 naming the field and value when malformed (spec §1).</summary>
internal static class Ids
{
    /// <summary>The canonical lower-case form, as clusters report their UUIDs.</summary>
    public static string ParseUuid(string field, string? value) =>
        Guid.TryParseExact(value, "D", out var id)
            ? id.ToString()
            : throw ApiException.InvalidArgument($"{field} '{value}' is not a UUID (expected xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");
}
