namespace Dms.Service.Configuration;

/// <summary>Where each file of the config dir lives (DESIGN §2 `dms init`; spec §4 Files).</summary>
internal sealed record ConfigDir(string Path)
{
    public const string DefaultPath = "/etc/dms";

    public string SettingsFile => Combine("dms.yaml");
    public string ClusterKeyFile => Combine("cluster-key.pem");
    public string ClusterKeyIdFile => Combine("cluster-key.id");
    public string SessionKeyFile => Combine("session.key");
    public string TlsCertFile => Combine("tls.crt");
    public string TlsKeyFile => Combine("tls.key");
    public string HtpasswdFile => Combine(".htpasswd");
    public string HostNqnFile => Combine("hostnqn");
    public string ClustersYamlFile => Combine("clusters.yaml");

    private string Combine(string name) => System.IO.Path.Combine(Path, name);
}
