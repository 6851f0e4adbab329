using System.Globalization;
using Common.Text;
using Dms.Contracts.Cloning;

namespace Dms.Cli.Commands;

/// <summary>The table view of a thick clone's --dry-run: what DMS would create, with every inherited value filled in.</summary>
internal static class DryRunText
{
    public static string Describe(ThickClonePlan plan)
    {
        var (src, dst) = (plan.Request.Src!, plan.Request.Dst!);
        var what = plan.Type.EndsWith("Snapshot", StringComparison.Ordinal) ? "snapshot" : "volume";
        var lines = new List<string>
        {
            $"Dry run: DMS accepted the request and would start a {plan.Type} workflow; nothing was created.",
            $"  from   snapshot {src.SnapName ?? "-"} ({src.SnapId}) in project {src.ProjectName} on cluster {src.ClusterId}",
            $"  create {what} {dst.Name} in project {dst.ProjectName} on cluster {dst.ClusterId}",
            $"  size   {(dst.Size is { } size ? SizeText.Describe(size) : "-")}, sector size {dst.SectorSize}, replicas {dst.Replica}, " +
                $"compression {(dst.Compression == true ? "on" : "off")}, QoS policy {dst.QosPolicyName ?? "-"}",
        };
        if (dst.Description is { } description)
        {
            lines.Add($"  description {description}");
        }

        lines.Add(string.Create(CultureInfo.InvariantCulture, $"  verify {(plan.Request.VerifyClone ? "yes" : "no")}"));
        return string.Join('\n', lines) + "\n";
    }
}
