using System.Globalization;
using System.Text;
using NvmeTcp.Host;

namespace Dms.Service.Nvme;

/// <summary>The discovery log as nvme-cli's `nvme discover` prints it.</summary>
internal static class DiscoveryText
{
    public static string Format(DiscoveryLog log)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"\nDiscovery Log Number of Records {log.Entries.Count}, Generation counter {log.Generation}\n");
        for (var i = 0; i < log.Entries.Count; i++)
        {
            var e = log.Entries[i];
            text.Append(CultureInfo.InvariantCulture, $"=====Discovery Log Entry {i}======\n");
            text.Append(CultureInfo.InvariantCulture, $"trtype:  {Transport(e.TransportType)}\n");
            text.Append(CultureInfo.InvariantCulture, $"adrfam:  {Family(e.AddressFamily)}\n");
            text.Append(CultureInfo.InvariantCulture, $"subtype: {Subtype(e.SubsystemType)}\n");
            text.Append(CultureInfo.InvariantCulture, $"treq:    {Requirements(e.TransportRequirements)}\n");
            text.Append(CultureInfo.InvariantCulture, $"portid:  {e.PortId}\n");
            text.Append(CultureInfo.InvariantCulture, $"trsvcid: {e.TransportServiceId}\n");
            text.Append(CultureInfo.InvariantCulture, $"subnqn:  {e.SubsystemNqn}\n");
            text.Append(CultureInfo.InvariantCulture, $"traddr:  {e.TransportAddress}\n");
        }
        return text.ToString();
    }

    private static string Transport(byte type) => type switch { 1 => "rdma", 2 => "fc", 3 => "tcp", 254 => "loop", _ => $"unknown ({type})" };

    private static string Family(byte family) => family switch { 1 => "ipv4", 2 => "ipv6", 3 => "infiniband", 4 => "fibre-channel", _ => $"unknown ({family})" };

    private static string Subtype(byte subtype) => subtype switch
    {
        1 => "referral",
        2 => "nvme subsystem",
        3 => "current discovery subsystem",
        _ => $"unknown ({subtype})",
    };

    private static string Requirements(byte treq) =>
        (treq & 0x3) switch { 1 => "required", 2 => "not required", _ => "not specified" }
        + ((treq & 0x4) != 0 ? ", sq flow control disable supported" : "");
}
