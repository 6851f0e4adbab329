using System.Reflection;

namespace Common;

/// <summary>
/// The version a program was built as: the informational version (scripts/package.sh passes the
/// release's; the SDK appends +commit), else the assembly version of a development build.
/// </summary>
public static class ProgramVersion
{
    public static string Of(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString()
            ?? "unknown";
    }
}
