using System.Data.Common;
using System.Text.Json;

namespace Dms.Service.Clusters;

/// <summary>
/// Attached clusters and instance-wide facts, in two small tables beside the workflows (same
/// SQLite file or PostgreSQL database). The SQL is common to both dialects on purpose.
/// </summary>
internal sealed class ClusterRegistry(Func<DbConnection> connect)
{
    private const string PubKeyIdKey = "pubKeyId";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task MigrateAsync(CancellationToken ct)
    {
        await ExecuteAsync("CREATE TABLE IF NOT EXISTS dms_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)", [], ct);
        await ExecuteAsync("CREATE TABLE IF NOT EXISTS dms_clusters (id TEXT PRIMARY KEY, doc TEXT NOT NULL)", [], ct);
    }

    /// <summary>
    /// Records <paramref name="pubKeyId"/> as the store's on first start; returns the one recorded.
    /// Instances sharing a store must share the key (DESIGN §9), so a caller seeing another id refuses to start.
    /// </summary>
    public async Task<string> ClaimPubKeyIdAsync(string pubKeyId, CancellationToken ct)
    {
        await ExecuteAsync("INSERT INTO dms_meta (key, value) VALUES (@key, @value) ON CONFLICT (key) DO NOTHING",
            [("key", PubKeyIdKey), ("value", pubKeyId)], ct);
        return await PubKeyIdAsync(ct);
    }

    /// <summary>The cluster key every instance on this store must sign with (a promote on any of them changes it).</summary>
    public async Task<string> PubKeyIdAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, "SELECT value FROM dms_meta WHERE key = @key", [("key", PubKeyIdKey)]);
        return (string)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>
    /// Records the store's cluster key as <paramref name="to"/> if it is still <paramref name="from"/>; returns
    /// the one recorded after. One statement, so of two instances promoting at once only one moves it.
    /// </summary>
    public async Task<string> SwitchPubKeyIdAsync(string from, string to, CancellationToken ct)
    {
        await ExecuteAsync("UPDATE dms_meta SET value = @to WHERE key = @key AND value = @from", [("key", PubKeyIdKey), ("from", from), ("to", to)], ct);
        return await PubKeyIdAsync(ct);
    }

    public async Task<IReadOnlyList<ClusterRecord>> ListAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, "SELECT doc FROM dms_clusters ORDER BY id", []);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var clusters = new List<ClusterRecord>();
        while (await reader.ReadAsync(ct))
        {
            clusters.Add(JsonSerializer.Deserialize<ClusterRecord>(reader.GetString(0), Json)!);
        }

        return clusters;
    }

    public async Task<ClusterRecord?> FindAsync(string id, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, "SELECT doc FROM dms_clusters WHERE id = @id", [("id", id)]);
        return await command.ExecuteScalarAsync(ct) is string doc ? JsonSerializer.Deserialize<ClusterRecord>(doc, Json) : null;
    }

    public Task SaveAsync(ClusterRecord cluster, CancellationToken ct) =>
        ExecuteAsync("INSERT INTO dms_clusters (id, doc) VALUES (@id, @doc) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc",
            [("id", cluster.Id), ("doc", JsonSerializer.Serialize(cluster, Json))], ct);

    /// <summary>
    /// Marks the cluster as being detached. Detach marks, then checks that no workflow uses the cluster;
    /// a new workflow is created, then checks for the mark (or absence): whichever order the two take,
    /// one of them sees the other, so a clone never starts on a cluster that is then detached.
    /// </summary>
    public Task BeginDetachAsync(string id, DateTimeOffset now, CancellationToken ct) =>
        ExecuteAsync("INSERT INTO dms_meta (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [("key", DetachingKey(id)), ("value", now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture))], ct);

    public Task EndDetachAsync(string id, CancellationToken ct) =>
        ExecuteAsync("DELETE FROM dms_meta WHERE key = @key", [("key", DetachingKey(id))], ct);

    /// <summary>True when the cluster is attached and not being detached (a mark older than a minute is a detach that died).</summary>
    public async Task<bool> IsUsableAsync(string id, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, "SELECT value FROM dms_meta WHERE key = @key", [("key", DetachingKey(id))]);
        var detaching = await command.ExecuteScalarAsync(ct) is string since
            && now - DateTimeOffset.FromUnixTimeSeconds(long.Parse(since, System.Globalization.CultureInfo.InvariantCulture)) < TimeSpan.FromMinutes(1);
        return !detaching && await FindAsync(id, ct) is not null;
    }

    /// <returns>False when no such cluster was attached.</returns>
    public async Task<bool> RemoveAsync(string id, CancellationToken ct) =>
        await ExecuteAsync("DELETE FROM dms_clusters WHERE id = @id", [("id", id)], ct) > 0;

    private static string DetachingKey(string id) => $"detaching:{id}";

    private async Task<int> ExecuteAsync(string sql, (string Name, object Value)[] parameters, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }

    private async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = connect();
        await connection.OpenAsync(ct);
        return connection;
    }

    private static DbCommand Command(DbConnection connection, string sql, (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
#pragma warning disable CA2100 // constant SQL; values go through parameters
        command.CommandText = sql;
#pragma warning restore CA2100
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
