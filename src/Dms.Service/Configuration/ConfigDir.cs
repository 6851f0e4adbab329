namespace Dms.Service.Configuration;

/// <summary>Where each file of the config dir lives (DESIGN §2 `dms init`; spec §4 Files).</summary>
internal sealed record ConfigDir(string Path)
{
    public const string DefaultPath = "/etc/dms";

    public string SettingsFile => Combine("dms.yaml");
    public string ClusterKeyFile => ClusterKey(Clusters.ClusterKeySlot.Current).PemFile;
    public string ClusterKeyIdFile => ClusterKey(Clusters.ClusterKeySlot.Current).IdFile;
    public string SessionKeyFile => Combine("session.key");
    public string TlsCertFile => Combine("tls.crt");
    public string TlsKeyFile => Combine("tls.key");
    public string HtpasswdFile => Combine(".htpasswd");
    public string HostNqnFile => Combine("hostnqn");
    public string ClustersYamlFile => Combine("clusters.yaml");

    /// <summary>
    /// The files of one cluster key: <c>cluster-key.pem</c>/<c>.id</c> (current), and during a rotation
    /// <c>cluster-key.next.*</c> and <c>cluster-key.previous.*</c> beside them.
    /// </summary>
    public Clusters.ClusterKeyFiles ClusterKey(Clusters.ClusterKeySlot slot)
    {
        var stem = slot switch
        {
            Clusters.ClusterKeySlot.Current => "cluster-key",
            Clusters.ClusterKeySlot.Next => "cluster-key.next",
            _ => "cluster-key.previous",
        };
        return new(Combine(stem + ".pem"), Combine(stem + ".id"));
    }

    private string Combine(string name) => System.IO.Path.Combine(Path, name);
}
