using System.CommandLine;

namespace Dms.Cli.Commands;

/// <summary>dmscli is verb-first, as the guide types it (<c>dmscli attach cluster …</c>); each noun adds itself under these.</summary>
internal sealed class Verbs
{
    public Command Get { get; } = new("get", "Show one object");
    public Command List { get; } = new("list", "List objects");
    public Command Attach { get; } = new("attach", "Attach a Lightbits cluster to DMS");
    public Command Refresh { get; } = new("refresh", "Re-read attached clusters");
    public Command Detach { get; } = new("detach", "Detach a Lightbits cluster from DMS");
    public Command ThickClone { get; } = new("thick-clone", "Copy a snapshot into a new, independent volume or snapshot on any attached cluster");
    public Command Cancel { get; } = new("cancel", "Cancel a workflow");

    public IEnumerable<Command> All => [Get, List, Attach, Refresh, Detach, ThickClone, Cancel];
}
