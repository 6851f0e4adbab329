using System.CommandLine;

namespace Lightbits.Cli.Commands;

/// <summary>lbcli is verb-first (<c>lbcli create volume …</c>); each resource adds its nouns under these.</summary>
internal sealed class Verbs
{
    public Command Create { get; } = new("create", "Create a resource");
    public Command List { get; } = new("list", "List resources");
    public Command Get { get; } = new("get", "Show one resource");
    public Command Delete { get; } = new("delete", "Delete a resource");
    public Command Update { get; } = new("update", "Change a resource");

    public IEnumerable<Command> All => [Create, List, Get, Delete, Update];
}
