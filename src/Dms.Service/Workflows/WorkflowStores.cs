using System.Data.Common;
using Dms.Service.Clusters;
using Dms.Service.Configuration;
using Dms.Workflows;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Dms.Service.Workflows;

/// <summary>The store of DESIGN §9 selected by the <c>store</c> setting: workflows plus the cluster registry, in one database.</summary>
internal sealed record WorkflowStores(IWorkflowStore Workflows, ClusterRegistry Clusters, string Description) : IAsyncDisposable
{
    public static async Task<WorkflowStores> OpenAsync(DmsSettings settings, TimeProvider time, CancellationToken ct)
    {
        try
        {
            return settings.Store.Equals("sqlite", StringComparison.OrdinalIgnoreCase)
                ? await OpenSqliteAsync(settings, time, ct)
                : await OpenPostgresAsync(settings.Store, ct);
        }
        catch (Exception e) when (e is DbException or IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            throw new ConfigException($"cannot open the store ({Redact(settings.Store)}): {e.Message}", e);
        }
    }

    public ValueTask DisposeAsync() => Workflows.DisposeAsync();

    private static async Task<WorkflowStores> OpenSqliteAsync(DmsSettings settings, TimeProvider time, CancellationToken ct)
    {
        Directory.CreateDirectory(settings.StateDir);
        var workflows = SqliteWorkflowStore.Open(settings.SqlitePath, time);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = settings.SqlitePath, DefaultTimeout = 30, Pooling = true }.ToString();
        var clusters = new ClusterRegistry(() => new SqliteConnection(connectionString));
        await clusters.MigrateAsync(ct);
        return new WorkflowStores(workflows, clusters, $"sqlite {settings.SqlitePath}");
    }

    /// <summary>Leases are timed by the database server's clock there: instances whose clocks disagree share one.</summary>
    private static async Task<WorkflowStores> OpenPostgresAsync(string store, CancellationToken ct)
    {
        var connectionString = ToNpgsql(store);
        var workflows = await PostgresWorkflowStore.OpenAsync(connectionString, ct: ct);
        var dataSource = NpgsqlDataSource.Create(connectionString);
        var clusters = new ClusterRegistry(dataSource.CreateConnection);
        await clusters.MigrateAsync(ct);
        return new WorkflowStores(workflows, clusters, $"postgresql {Redact(store)}");
    }

    /// <summary><c>postgres://user:pass@host:port/db?sslmode=require</c> → Npgsql key=value form; anything else is taken as that form already.</summary>
    internal static string ToNpgsql(string store)
    {
        if (!store.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) && !store.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return store;
        }

        var uri = new Uri(store);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = uri.AbsolutePath.Trim('/') is { Length: > 0 } db ? Uri.UnescapeDataString(db) : null,
        };
        if (uri.UserInfo.Split(':', 2) is [var user, ..] rest && user.Length > 0)
        {
            builder.Username = Uri.UnescapeDataString(user);
            builder.Password = rest.Length > 1 ? Uri.UnescapeDataString(rest[1]) : null;
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            builder[Uri.UnescapeDataString(parts[0])] = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "";
        }

        return builder.ConnectionString;
    }

    /// <summary>Never print a password in a log line or an error.</summary>
    private static string Redact(string store) =>
        System.Text.RegularExpressions.Regex.Replace(store, @"(://[^:/@]+:)[^@]*@|(?i)(password=)[^;]*", m => m.Groups[1].Success ? m.Groups[1].Value + "***@" : m.Groups[2].Value + "***");
}
