using System.Reflection;
using System.Xml.Linq;

namespace Lightbits.Emulator.Tests;

/// <summary>
/// lbemu never shares wire types with the client it tests (ARCHITECTURE.md invariants): neither its
/// assembly nor its block store references Lightbits.Api or DMS, by compiled reference or by
/// project reference, directly or through another of our projects. A project reference the code
/// does not use yet leaves no trace in the assembly, so both are checked.
/// </summary>
public sealed class IndependenceTests
{
    private static readonly string[] Forbidden = ["Lightbits.Api", "Dms."];

    public static TheoryData<string> EmulatorAssemblies => new()
    {
        typeof(EmulatorOptions).Assembly.GetName().Name!,
        typeof(Storage.BlockStore).Assembly.GetName().Name!,
    };

    [Theory]
    [MemberData(nameof(EmulatorAssemblies))]
    public void Assembly_ReferencesNeitherTheClientNorDms_EvenThroughOurOtherAssemblies(string assembly) =>
        Assert.Empty(ForbiddenAssemblies(assembly));

    public static TheoryData<string> EmulatorProjects => new()
    {
        "src/Lightbits.Emulator/Lightbits.Emulator.csproj",
        "src/Lightbits.Emulator.Storage/Lightbits.Emulator.Storage.csproj",
    };

    [Theory]
    [MemberData(nameof(EmulatorProjects))]
    public void Project_ReferencesNeitherTheClientNorDms_EvenThroughOurOtherProjects(string project) =>
        Assert.Empty(ForbiddenProjects(Path.Combine(RepositoryRoot(), project)));

    [Fact]
    public void TheChecks_SeeAReferenceWhereOneExists()
    {
        // The test fixture uses the typed client on purpose: both checks must notice it.
        Assert.Contains("Lightbits.Api", ForbiddenAssemblies("Lightbits.Emulator.Testing"));
        Assert.Contains(ForbiddenProjects(Path.Combine(RepositoryRoot(), "tests/Lightbits.Emulator.Testing/Lightbits.Emulator.Testing.csproj")),
            p => p.EndsWith("Lightbits.Api.csproj", StringComparison.Ordinal));
    }

    /// <summary>The forbidden names among the assemblies <paramref name="root"/> references, following only our own (not the framework's or packages').</summary>
    private static List<string> ForbiddenAssemblies(string root)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { root };
        var pending = new Queue<string>([root]);
        var forbidden = new List<string>();
        while (pending.TryDequeue(out var name))
        {
            foreach (var reference in Assembly.Load(name).GetReferencedAssemblies().Select(r => r.Name!).Where(seen.Add))
            {
                if (IsForbidden(reference))
                {
                    forbidden.Add(reference);
                }
                else if (IsOurs(reference))
                {
                    pending.Enqueue(reference);
                }
            }
        }
        return forbidden;
    }

    /// <summary>The forbidden projects among <paramref name="project"/>'s ProjectReferences, transitively.</summary>
    private static List<string> ForbiddenProjects(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { Path.GetFullPath(project) };
        var pending = new Queue<string>(seen);
        var forbidden = new List<string>();
        while (pending.TryDequeue(out var path))
        {
            var references = XDocument.Load(path).Descendants("ProjectReference")
                .Select(r => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, r.Attribute("Include")!.Value)));
            foreach (var reference in references.Where(seen.Add))
            {
                if (IsForbidden(Path.GetFileNameWithoutExtension(reference)))
                {
                    forbidden.Add(reference);
                }
                else
                {
                    pending.Enqueue(reference);
                }
            }
        }
        return forbidden;
    }

    private static bool IsForbidden(string name) => Forbidden.Any(f => name == f || (f.EndsWith('.') && name.StartsWith(f, StringComparison.Ordinal)));

    private static bool IsOurs(string name) =>
        name is "lbemu" or "Common" or "NvmeTcp" || name.StartsWith("Lightbits.", StringComparison.Ordinal) || name.StartsWith("Common.", StringComparison.Ordinal);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Dms.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"no Dms.sln above {AppContext.BaseDirectory}");
    }
}
