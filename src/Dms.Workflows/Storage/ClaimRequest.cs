namespace Dms.Workflows.Storage;

/// <summary>Who claims, for how long, and the limits that keep excess workflows PENDING.</summary>
/// <param name="OwnerId">The claiming instance.</param>
/// <param name="LeaseToken">Fresh per claim; fences every later write of this owner.</param>
/// <param name="MaxPerOwner">At most this many unexpired leases held by <paramref name="OwnerId"/>.</param>
/// <param name="MaxPerResource">At most this many active (unexpired lease) workflows per resource key, all owners together.</param>
public sealed record ClaimRequest(string OwnerId, Guid LeaseToken, TimeSpan LeaseDuration, int MaxPerOwner, int MaxPerResource);
