namespace Dms.Service.Configuration;

/// <summary>A configuration problem the operator must fix; its message is printed as is and dms exits non-zero.</summary>
internal sealed class ConfigException(string message, Exception? inner = null) : Exception(message, inner);
