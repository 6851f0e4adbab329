using System.CommandLine;

namespace Cli.Common.Commands;

/// <summary>
/// The verbs of the project's verb-first CLIs (<c>dmscli attach cluster …</c>, <c>lbcli create volume …</c>):
/// each noun adds itself under the verbs it supports, and a program shows only the verbs that got one.
/// </summary>
public sealed class Verbs
{
    public Command Create { get; } = new("create", "Create a resource");
    public Command Get { get; } = new("get", "Show one object");
    public Command List { get; } = new("list", "List objects");
    public Command Update { get; } = new("update", "Change a resource");
    public Command Delete { get; } = new("delete", "Delete a resource");
    public Command Attach { get; } = new("attach", "Attach a Lightbits cluster to DMS");
    public Command Refresh { get; } = new("refresh", "Re-read attached clusters");
    public Command Detach { get; } = new("detach", "Detach a Lightbits cluster from DMS");
    public Command ThickClone { get; } = new("thick-clone", "Copy a snapshot into a new, independent volume or snapshot on any attached cluster");
    public Command Cancel { get; } = new("cancel", "Cancel a workflow");
    public Command Promote { get; } = new("promote", "Put a staged key in use");

    /// <summary>Adds the verbs that have nouns to <paramref name="root"/>, in the order help lists them.</summary>
    public void AddTo(Command root)
    {
        ArgumentNullException.ThrowIfNull(root);
        foreach (var verb in new[] { Create, Get, List, Update, Delete, Attach, Refresh, Detach, ThickClone, Cancel, Promote })
        {
            if (verb.Subcommands.Count > 0)
            {
                root.Subcommands.Add(verb);
            }
        }
    }
}
