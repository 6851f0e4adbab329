using System.Net;
using System.Text.RegularExpressions;
using Dms.Testing;

namespace Dms.Dashboard.Tests;

/// <summary>
/// /ui over real HTTPS from the dms process: the files are public and come with their content
/// types, validators and a strict policy; the data behind them is not public; nothing outside
/// the embedded files can be reached.
/// </summary>
[Collection(DashboardSuite.Name)]
public sealed partial class DashboardFilesTests(DashboardRig rig)
{
    [Theory]
    [InlineData("/ui")]
    [InlineData("/ui/")]
    public async Task Page_AnonymousCaller_GetsIt_WithAStrictPolicy_AndNoInlineOrOutsideCode(string path)
    {
        using var http = rig.Dms.Http();
        using var response = await http.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.NotNull(response.Headers.ETag);
        Assert.Contains("<script type=\"module\" src=\"/ui/js/main.js\"></script>", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(InlineScript(), html);
        Assert.DoesNotContain("http:", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https:", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryFileThePageLoads_IsServed_WithItsContentType_AndRevalidatesByETag()
    {
        using var http = rig.Dms.Http();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var pending = new Queue<string>(["/ui/"]);
        while (pending.TryDequeue(out var path))
        {
            if (seen.ContainsKey(path))
            {
                continue;
            }

            Assert.StartsWith("/ui/", path, StringComparison.Ordinal);
            using var response = await http.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
            var type = response.Content.Headers.ContentType!.ToString();
            seen[path] = type;
            Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
            var text = await response.Content.ReadAsStringAsync();
            // Every reference is to our own files, resolved as the browser resolves it.
            foreach (Match reference in Reference().Matches(text))
            {
                pending.Enqueue(new Uri(new Uri("https://dms" + path), reference.Groups["url"].Value).AbsolutePath);
            }

            using var again = new HttpRequestMessage(HttpMethod.Get, path);
            again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
            using var revalidated = await http.SendAsync(again);
            Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        }

        Assert.Equal("text/javascript; charset=utf-8", seen["/ui/js/main.js"]);
        Assert.Equal("text/javascript; charset=utf-8", seen["/ui/js/pages/workflows.js"]);
        Assert.Equal("text/css; charset=utf-8", seen["/ui/app.css"]);
        Assert.Equal("image/svg+xml", seen["/ui/favicon.svg"]);
    }

    [Fact]
    public async Task UnknownFile_Is404_StillUnderThePolicy()
    {
        using var http = rig.Dms.Http();
        using var response = await http.GetAsync("/ui/js/nothing-here.js");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("frame-ancestors 'none'", string.Join(";", response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/ui/../etc/dms.yaml")]
    [InlineData("/ui/%2e%2e/etc/dms.yaml")]
    [InlineData("/ui/..%2fetc%2fdms.yaml")]
    [InlineData("/ui/js/..%2f..%2f..%2fetc%2fpasswd")]
    [InlineData("/ui/..%5c..%5cappsettings.json")]
    [InlineData("/ui//etc/passwd")]
    public async Task PathTraversal_ReachesNoFile(string rawPath)
    {
        var (status, response) = await RawHttps.GetAsync(rig.Dms.BaseUrl, rawPath);

        // Outside /ui the path is an API path and needs a session; inside, only embedded names exist.
        Assert.True(status is 401 or 404, $"{rawPath}: {response}");
        Assert.DoesNotContain("root:", response, StringComparison.Ordinal);
        Assert.DoesNotContain("listen", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnonymousCaller_GetsThePage_ButNoData_EveryApiCallIs401()
    {
        using var http = rig.Dms.Http();
        var page = await http.GetStringAsync("/ui/");
        Assert.DoesNotContain(rig.A.Report.ClusterUuid, page, StringComparison.Ordinal);

        var workflowId = "0c1d2e3f-0000-4000-8000-000000000001";
        foreach (var (method, path) in new[]
                 {
                     ("GET", "/api/v1/clusters"), ("GET", "/api/v1/workflows"), ("GET", "/api/v1/workflows?state=RUNNING"),
                     ("GET", $"/api/v1/workflows/{workflowId}"), ("POST", $"/api/v1/workflows/{workflowId}/cancel"),
                 })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method == "POST")
            {
                request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            }

            using var response = await http.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path}: {(int)response.StatusCode}");
        }
    }

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    /// <summary>src/href attributes and module imports of relative or absolute paths (never another host: asserted by their resolving under /ui).</summary>
    [GeneratedRegex("""(?:(?:src|href)="|from ')(?<url>(?:\.{1,2}/|/)[^"'#]+)["']""")]
    private static partial Regex Reference();
}
