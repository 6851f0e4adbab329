using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.StaticFiles;

namespace Dms.Service.Dashboard;

/// <summary>
/// The dashboard's static files, read once from the resources embedded in the dms assembly (they
/// travel inside the single-file executable; nothing is read from disk). Only these names can ever
/// be served: a request is a dictionary lookup, so no spelling of a path reaches another file.
/// </summary>
internal sealed class DashboardAssets
{
    /// <summary>The logical-name prefix Dms.Service.csproj gives every file under Dashboard/Assets.</summary>
    private const string ResourcePrefix = "dashboard/";

    private readonly FrozenDictionary<string, DashboardAsset> _byName;

    private DashboardAssets(FrozenDictionary<string, DashboardAsset> byName) => _byName = byName;

    public IEnumerable<string> Names => _byName.Keys;

    public static DashboardAssets FromEmbeddedResources()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var types = new FileExtensionContentTypeProvider();
        var assets = new Dictionary<string, DashboardAsset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var name = resource[ResourcePrefix.Length..];
            if (!types.TryGetContentType(name, out var contentType))
            {
                throw new InvalidOperationException($"dashboard asset '{name}' has no known content type");
            }

            var bytes = Read(assembly, resource);
            // Text assets are UTF-8 by construction; say so, or a browser may guess.
            if (contentType.StartsWith("text/", StringComparison.Ordinal) || contentType == "application/javascript")
            {
                contentType = (contentType == "application/javascript" ? "text/javascript" : contentType) + "; charset=utf-8";
            }

            var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 16))}\"";
            assets[name] = new DashboardAsset(bytes, contentType, etag);
        }

        return assets.ContainsKey(DashboardAsset.Index)
            ? new DashboardAssets(assets.ToFrozenDictionary(StringComparer.Ordinal))
            : throw new InvalidOperationException($"the dms assembly holds no dashboard {DashboardAsset.Index}");
    }

    /// <summary>The asset of that exact name (e.g. <c>js/api.js</c>), or null.</summary>
    public DashboardAsset? Find(string name) => _byName.GetValueOrDefault(name);

    private static byte[] Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}

/// <param name="ETag">A strong validator from the content's hash: a new build with other bytes gets another.</param>
internal sealed record DashboardAsset(byte[] Bytes, string ContentType, string ETag)
{
    public const string Index = "index.html";
}
