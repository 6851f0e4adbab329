namespace Dms.Workflows.Model;

/// <summary>Who runs a workflow right now. Every write of the owner is conditioned on <see cref="LeaseToken"/>.</summary>
public sealed record WorkflowLease(string OwnerId, Guid LeaseToken, DateTimeOffset ExpiresAt);
