using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Lightbits.Api.Json;
using Lightbits.Api.Model;

namespace Lightbits.Api.Http;

/// <summary>
/// REST v2 client. Holds the cluster's endpoint list and sticks to the one that last answered;
/// fails over on connection errors (the API service is active-active, spec lightbits-api.md §1)
/// and resends transient refusals (<see cref="Refusals"/>: 503, an operation in progress, the busy
/// volume's 400 on snapshot create — and 5xx on idempotent calls) with capped exponential backoff.
/// </summary>
public sealed partial class LightbitsClient : ILightbitsCluster, IDisposable
{
    private readonly LightbitsClientOptions _options;
    private readonly HttpClient _http;
    private int _current;

    public LightbitsClient(LightbitsClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Endpoints.Count == 0)
        {
            throw new ArgumentException("at least one API endpoint is needed", nameof(options));
        }
        _options = options;
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        // RequestTimeout is applied per attempt, to the headers and the body alike (SendRawAsync).
        _http = new HttpClient(options.Tls.ApplyTo(handler)) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The endpoint the next call goes to first.</summary>
    public string CurrentEndpoint => _options.Endpoints[Volatile.Read(ref _current) % _options.Endpoints.Count];

    public string Name => _options.ClusterName ?? CurrentEndpoint;

    public void Dispose() => _http.Dispose();

    internal async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken ct, string? ifMatch = null)
    {
        using var response = await SendRawAsync(method, path, body, ifMatch, ct);
        var value = await response.Content.ReadFromJsonAsync<T>(LightbitsJson.Options, ct);
        return value ?? throw new LightbitsApiException($"{method} {path}: empty response body", response.StatusCode, CurrentEndpoint, isRetryable: false);
    }

    internal async Task SendAsync(HttpMethod method, string path, object? body, CancellationToken ct, string? ifMatch = null)
    {
        using var response = await SendRawAsync(method, path, body, ifMatch, ct);
    }

    /// <summary>Null when the resource does not exist (404).</summary>
    internal async Task<T?> FindAsync<T>(string path, CancellationToken ct) where T : class
    {
        try
        {
            return await SendAsync<T>(HttpMethod.Get, path, null, ct);
        }
        catch (LightbitsApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, object? body, string? ifMatch, CancellationToken ct)
    {
        // POST creates are not idempotent: only retried when the request never reached a server
        // (connection refused) or the server refused it without acting (503 "not now", Refusals).
        var idempotent = method != HttpMethod.Post;
        LightbitsApiException? last = null;
        for (var attempt = 0; attempt < _options.MaxAttempts; attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(Backoff(attempt), _options.Time, ct);
            }
            // One pass over every endpoint per attempt: a dead server costs a connect error, not a backoff.
            for (var tried = 0; tried < _options.Endpoints.Count; tried++)
            {
                var index = Volatile.Read(ref _current) % _options.Endpoints.Count;
                var endpoint = _options.Endpoints[index];
                using var request = BuildRequest(method, endpoint, path, body, ifMatch);
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
                deadline.CancelAfter(_options.RequestTimeout);
                HttpResponseMessage response;
                try
                {
                    response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
                    await BufferBoundedAsync(response, $"{method} {path}", endpoint, deadline.Token);
                }
                catch (HttpRequestException e) when (IsUnreachable(e) || idempotent)
                {
                    last = new LightbitsApiException($"{method} {path}: {endpoint} unreachable: {e.Message}", null, endpoint, isRetryable: true, e);
                    Interlocked.CompareExchange(ref _current, index + 1, index);
                    continue;
                }
                catch (TaskCanceledException e) when (!ct.IsCancellationRequested && idempotent)
                {
                    last = new LightbitsApiException($"{method} {path}: {endpoint} did not answer within {_options.RequestTimeout.TotalSeconds:0} s", null, endpoint, isRetryable: true, e);
                    Interlocked.CompareExchange(ref _current, index + 1, index);
                    continue;
                }

                if (response.IsSuccessStatusCode)
                {
                    return response;
                }
                last = await ToExceptionAsync(method, path, endpoint, response, ct);
                response.Dispose();
                if (!Refusals.ShouldResend(last, idempotent))
                {
                    throw last;
                }
                break;
            }
        }
        throw last!;
    }

    private static bool IsUnreachable(HttpRequestException e) => e.HttpRequestError == HttpRequestError.ConnectionError;

    /// <summary>
    /// Reads the body into memory, refusing one over <see cref="LightbitsClientOptions.MaxResponseBytes"/>
    /// as soon as it gets there: a broken or hostile server must not make DMS buffer gigabytes.
    /// The same server would send the same answer again, so it is not worth a retry.
    /// </summary>
    private async Task BufferBoundedAsync(HttpResponseMessage response, string call, string endpoint, CancellationToken ct)
    {
        var limit = _options.MaxResponseBytes;
        try
        {
            if (response.Content.Headers.ContentLength > limit)
            {
                throw TooLarge(call, endpoint, limit);
            }

            var buffer = new MemoryStream();
            var chunk = new byte[64 * 1024];
            await using (var stream = await response.Content.ReadAsStreamAsync(ct))
            {
                int read;
                while ((read = await stream.ReadAsync(chunk, ct)) > 0)
                {
                    buffer.Write(chunk, 0, read);
                    if (buffer.Length > limit)
                    {
                        throw TooLarge(call, endpoint, limit);
                    }
                }
            }

            var content = new ByteArrayContent(buffer.GetBuffer(), 0, (int)buffer.Length);
            foreach (var header in response.Content.Headers)
            {
                content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            response.Content = content;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private static LightbitsApiException TooLarge(string call, string endpoint, int limit) =>
        new($"{call}: {endpoint} sent a response larger than {limit} bytes; refused", null, endpoint, isRetryable: false);

    private TimeSpan Backoff(int attempt)
    {
        var delay = _options.RetryBaseDelay * Math.Pow(2, attempt - 1);
        return delay < _options.RetryMaxDelay ? delay : _options.RetryMaxDelay;
    }

    private HttpRequestMessage BuildRequest(HttpMethod method, string endpoint, string path, object? body, string? ifMatch)
    {
        var request = new HttpRequestMessage(method, new Uri($"https://{endpoint}{path}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.TokenProvider());
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        // An absent ETag (proto3 sends "" as nothing) means no condition, not an empty one.
        if (!string.IsNullOrEmpty(ifMatch))
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: LightbitsJson.Options);
        }
        return request;
    }

    private static async Task<LightbitsApiException> ToExceptionAsync(HttpMethod method, string path, string endpoint, HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        string? message = null;
        int? grpcCode = null;
        try
        {
            var body = JsonSerializer.Deserialize<ErrorBody>(text, LightbitsJson.Options);
            message = body?.Message;
            grpcCode = body?.Code is > 0 and var code ? code : null;
        }
        catch (JsonException)
        {
            // Not the gateway's error shape (a proxy page, say): report the raw text below.
        }
        message ??= text.Length > 200 ? text[..200] : text;
        var status = response.StatusCode;
        return new LightbitsApiException($"{method} {path} on {endpoint}: {(int)status} {status}: {message}", status, endpoint,
            Refusals.IsTransient(method, path, status, grpcCode)) { GrpcCode = grpcCode };
    }
}
