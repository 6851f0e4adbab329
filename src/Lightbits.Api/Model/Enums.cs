namespace Lightbits.Api.Model;

// Names and numbers from durosapiv2.proto (spec lightbits-api.md §3, §5); zero is always the
// "unknown" value an unrecognised name reads as.

public enum VolumeState
{
    Unknown = 0,
    Creating = 1,
    Available = 2,
    Deleting = 3,
    Deleted = 4,
    Failed = 7,
    Updating = 8,
    Rollback = 9,
    Migrating = 10,
}

public enum SnapshotState
{
    Unknown = 0,
    Creating = 1,
    Available = 2,
    Deleting = 3,
    Deleted = 4,
    Failed = 7,
}

public enum ProtectionState
{
    Unknown = 0,
    FullyProtected = 1,
    Degraded = 2,
    ReadOnly = 3,
    NotAvailable = 4,
}

public enum NodeState
{
    Unknown = 0,
    Active = 1,
    Activating = 2,
    Inactive = 3,
    Unattached = 4,
    Attaching = 6,
    Detaching = 7,
}

public enum NodeStatus
{
    NoStatus = 0,
    ConnectivityOK = 1,
    ConnectivityProblem = 2,
    IssuedDeletePeer = 3,
}

public enum ServerState
{
    UnknownState = 0,
    Creating = 1,
    Enabled = 2,
    Deleting = 3,
    Failed = 4,
    Disabled = 5,
    Enabling = 6,
    Disabling = 7,
}

public enum CredentialType
{
    UnknownType = 0,
    RS256PubKey = 1,
    TlsCertChainPem = 2,
    TlsPrivKeyPem = 3,
}

public enum CredentialKind
{
    UserCreds = 0,
    BeaconCreds = 2,
    UnknownKind = 127,
}

public enum HealthState
{
    None = 0,
    OK = 1,
    Warning = 2,
    Error = 3,
}
