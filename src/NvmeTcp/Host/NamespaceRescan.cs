namespace NvmeTcp.Host;

/// <summary>
/// One namespace attribute notice as <see cref="NamespaceWatcher"/> handled it: the event's DW0, the Changed Namespace
/// List it read (null: the list overflowed, anything may have changed), and the host's namespaces after the rescan.
/// </summary>
public sealed record NamespaceRescan(uint EventResult, IReadOnlyList<uint>? ChangedNamespaceIds, IReadOnlyDictionary<uint, NamespaceInfo> Namespaces);
