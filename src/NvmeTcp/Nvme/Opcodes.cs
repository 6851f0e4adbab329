namespace NvmeTcp.Nvme;

/// <summary>Admin command opcodes (spec §8).</summary>
internal static class AdminOpcode
{
    public const byte GetLogPage = 0x02;
    public const byte Identify = 0x06;
    public const byte SetFeatures = 0x09;
    public const byte GetFeatures = 0x0A;
    public const byte AsyncEventRequest = 0x0C;
    public const byte KeepAlive = 0x18;
    public const byte Fabrics = 0x7F;
}

/// <summary>NVM I/O command opcodes (spec §10).</summary>
internal static class IoOpcode
{
    public const byte Flush = 0x00;
    public const byte Write = 0x01;
    public const byte Read = 0x02;
    public const byte WriteZeroes = 0x08;
    public const byte DatasetManagement = 0x09;
}

/// <summary>Fabrics command types, SQE byte 4 (spec §7).</summary>
internal static class FabricsCommandType
{
    public const byte PropertySet = 0x00;
    public const byte Connect = 0x01;
    public const byte PropertyGet = 0x04;
}

/// <summary>Identify CNS values (spec §8).</summary>
internal static class IdentifyCns
{
    public const byte Namespace = 0x00;
    public const byte Controller = 0x01;
    public const byte ActiveNamespaceList = 0x02;
    public const byte NamespaceDescriptors = 0x03;
    public const byte IoCommandSetController = 0x06;
    public const int DataSize = 4096;
}

/// <summary>Log page identifiers (spec §8).</summary>
internal static class LogPageId
{
    public const byte Smart = 0x02;
    public const byte ChangedNamespaceList = 0x04;
    public const byte AsymmetricNamespaceAccess = 0x0C;
    public const byte Discovery = 0x70;
}

/// <summary>Feature identifiers (spec §8).</summary>
internal static class FeatureId
{
    public const byte NumberOfQueues = 0x07;
    public const byte AsyncEventConfiguration = 0x0B;
    public const byte KeepAliveTimer = 0x0F;
}

/// <summary>Controller properties and their bits (spec §7.2).</summary>
internal static class ControllerProperty
{
    public const uint Capabilities = 0x00;
    public const uint Version = 0x08;
    public const uint Configuration = 0x14;
    public const uint Status = 0x1C;

    /// <summary>EN = 1, IOSQES = 6, IOCQES = 4, CSS = 0 (spec §7.3 step 3).</summary>
    public const uint EnableValue = 0x00460001;

    public const uint ConfigurationEnable = 1;
    public const int ShutdownNotificationShift = 14;
    public const uint StatusReady = 1;
    public const uint StatusFatal = 2;
    public const uint ShutdownComplete = 0b10 << 2;
}
