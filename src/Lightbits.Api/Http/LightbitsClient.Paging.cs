using Lightbits.Api.Model;

namespace Lightbits.Api.Http;

// ListVolumes and ListSnapshots answer at most `limit` entries, 1000 being both the default and
// the maximum (durosapiv2.proto): a project with more volumes than that is listed page by page,
// each page asked for with `offsetUUID` = the last UUID of the one before ("starts with next to").
public sealed partial class LightbitsClient
{
    /// <summary>What every list asks for per page: the documented maximum, unless a test asks for less.</summary>
    internal int ListPageLimit { get; set; } = 1000;

    /// <summary>
    /// Every entry of a paged list, each once. The walk ends at a page that brings no new entry
    /// (normally an empty one: one request more than needed, so that a server whose maximum is below
    /// the limit asked for is still listed whole). A full page of entries already seen means the
    /// cluster ignored <c>offsetUUID</c>, and what lies beyond it cannot be reached: that is an error,
    /// never a silently shortened list.
    /// </summary>
    private async Task<IReadOnlyList<T>> ListAllAsync<TPage, T>(string route, Func<TPage, IReadOnlyList<T>> entries, Func<T, string?> uuid, string what,
        CancellationToken ct)
    {
        var all = new List<T>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? offset = null;
        while (true)
        {
            var query = offset is null ? $"?limit={ListPageLimit}" : $"?limit={ListPageLimit}&offsetUUID={E(offset)}";
            var page = entries(await SendAsync<TPage>(HttpMethod.Get, route + query, null, ct));
            var fresh = 0;
            foreach (var entry in page)
            {
                var id = RequiredField.Text(uuid(entry), Name, $"an entry of the {what} list", "UUID");
                if (seen.Add(id))
                {
                    all.Add(entry);
                    fresh++;
                }

                offset = id;
            }

            if (fresh == 0)
            {
                return page.Count < ListPageLimit
                    ? all
                    : throw new LightbitsApiException(
                        $"cluster {Name}: the {what} list repeated a full page of {page.Count} entries for offsetUUID={offset}; entries past it cannot be listed", null, null, isRetryable: false);
            }
        }
    }
}
