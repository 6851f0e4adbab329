using Common.IO;
using Dms.Service.Configuration;

namespace Dms.Service.Clusters;

/// <summary>
/// The cluster keys this instance holds. The current key signs every token DMS sends; during a
/// rotation the next key (made by `dms cluster-key new`) signs only the promote's proofs until
/// <see cref="Promote"/> makes it current. Tokens are minted per request from whatever is current
/// at that moment, so running workflows switch at their next request.
/// </summary>
internal sealed class ClusterKeyRing : IDisposable
{
    private readonly ConfigDir _dir;
    private readonly TimeProvider _time;
    private readonly TimeSpan _tokenLifetime;
    private readonly Lock _gate = new();

    // Keys replaced while a request may still be signing with them: disposed with the ring, never under a signer.
    private readonly List<ClusterKey> _retired = [];
    private volatile ClusterKey _current;
    private ClusterKey? _next;

    private ClusterKeyRing(ConfigDir dir, TimeProvider time, TimeSpan tokenLifetime, ClusterKey current)
    {
        _dir = dir;
        _time = time;
        _tokenLifetime = tokenLifetime;
        _current = current;
    }

    public ClusterKey Current => _current;

    public ClusterKey? Next
    {
        get
        {
            lock (_gate)
            {
                return _next;
            }
        }
    }

    /// <summary>The key the last promote replaced, while its files are kept (its credential may still be on clusters).</summary>
    public string? PreviousPubKeyId => _dir.ClusterKey(ClusterKeySlot.Previous) is { Exist: true } previous ? previous.ReadPubKeyId() : null;

    public string Token() => _current.Token();

    /// <param name="tokenLifetime">Of each token a key mints (dms.yaml <c>clusterTokenLifetime</c>).</param>
    public static ClusterKeyRing Load(ConfigDir dir, TimeProvider time, TimeSpan tokenLifetime)
    {
        FinishInterruptedPromote(dir);
        var ring = new ClusterKeyRing(dir, time, tokenLifetime, ClusterKey.Load(dir.ClusterKey(ClusterKeySlot.Current), time, tokenLifetime));
        try
        {
            ring.ReloadNext();
        }
        catch
        {
            ring.Dispose();
            throw;
        }

        return ring;
    }

    /// <summary>Reads the next key's files again: `dms cluster-key new` writes them while dms runs.</summary>
    public ClusterKey? ReloadNext()
    {
        lock (_gate)
        {
            var files = _dir.ClusterKey(ClusterKeySlot.Next);
            var id = files.Exist ? files.ReadPubKeyId() : null;
            if (_next?.PubKeyId != id)
            {
                Retire(_next);
                _next = id is null ? null : ClusterKey.Load(files, _time, _tokenLifetime);
            }

            return _next;
        }
    }

    /// <summary>
    /// Makes the next key current, on disk and here, and keeps the current one as previous. Each
    /// step is one atomic file write in an order where a crash after any of them leaves files that
    /// <see cref="Load"/> completes: previous first, then the current id, then the current PEM.
    /// </summary>
    /// <param name="pubKeyId">The next key's id, as the caller proved it: a next key swapped in meanwhile is refused.</param>
    public ClusterKey Promote(string pubKeyId)
    {
        lock (_gate)
        {
            var next = ReloadNext();
            if (next?.PubKeyId != pubKeyId)
            {
                throw new ConfigException($"{_dir.ClusterKey(ClusterKeySlot.Next).IdFile} no longer names {pubKeyId} (now: {next?.PubKeyId ?? "no next key"})");
            }

            var current = _dir.ClusterKey(ClusterKeySlot.Current);
            _dir.ClusterKey(ClusterKeySlot.Previous).CopyFrom(current);
            AtomicFile.WriteAllText(current.IdFile, pubKeyId + "\n");
            FinishInterruptedPromote(_dir);
            Retire(_current);
            _current = next;
            _next = null;
            return next;
        }
    }

    /// <summary>A current id equal to the next one means a promote stopped after writing it: finish it.</summary>
    private static void FinishInterruptedPromote(ConfigDir dir)
    {
        var current = dir.ClusterKey(ClusterKeySlot.Current);
        var next = dir.ClusterKey(ClusterKeySlot.Next);
        if (next.Exist && current.Exist && next.ReadPubKeyId() == current.ReadPubKeyId())
        {
            AtomicFile.WriteAllText(current.PemFile, ClusterKey.ReadText(next.PemFile), secret: true);
            next.Delete();
        }
    }

    private void Retire(ClusterKey? key)
    {
        if (key is not null)
        {
            _retired.Add(key);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _current.Dispose();
            _next?.Dispose();
            _retired.ForEach(k => k.Dispose());
        }
    }
}
