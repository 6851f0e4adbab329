using System.Text.Json;
using System.Text.Json.Serialization;
using Common.IO;

namespace Lightbits.Emulator.State;

/// <summary>state.json, replaced atomically so a crash never leaves half a file.</summary>
internal static class StateFile
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public static PersistedState? Load(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<PersistedState>(stream, Options)
            ?? throw new InvalidDataException($"{path} is empty");
    }

    public static void Save(string path, PersistedState state) =>
        AtomicFile.WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(state, Options));
}
