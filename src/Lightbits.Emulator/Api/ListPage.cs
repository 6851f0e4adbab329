using System.Globalization;
using Lightbits.Emulator.State;
using Microsoft.AspNetCore.Http;

namespace Lightbits.Emulator.Api;

/// <summary>
/// The <c>offsetUUID</c>/<c>limit</c> paging of ListVolumes and ListSnapshots (durosapiv2.proto):
/// the list "starts with next to offsetUUID" and holds at most <c>limit</c> entries, 1000 being
/// both the default and the maximum. Entries are ordered by UUID, so a page boundary survives the
/// deletion of the entry it names (docs/lightbits-assumptions.md, "wire contract").
/// </summary>
internal static class ListPage
{
    public const int MaxEntries = 1000;

    public static IEnumerable<T> Apply<T>(IEnumerable<T> entries, Func<T, string> uuidOf, IQueryCollection query)
    {
        var limit = Limit(query["limit"].FirstOrDefault());
        var offset = query["offsetUUID"].FirstOrDefault();
        var ordered = entries.OrderBy(uuidOf, StringComparer.Ordinal);
        return (string.IsNullOrEmpty(offset) ? ordered : ordered.Where(e => string.CompareOrdinal(uuidOf(e), offset) > 0)).Take(limit);
    }

    private static int Limit(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return MaxEntries;
        }
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var limit) || limit < 0)
        {
            throw ApiException.BadRequest($"limit \"{text}\" must be a non-negative integer");
        }
        // proto3: 0 is "not given", so the default.
        return limit is 0 or > MaxEntries ? MaxEntries : (int)limit;
    }
}
