using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading;

namespace Dms.Contracts.Json;

public sealed partial class DmsJsonContext
{
    /// <summary>
    /// What goes on the wire: messages quote names ('dst.name'), which the default encoder would
    /// write as \u0027 — unreadable for an operator using curl. The API is JSON, never embedded in
    /// HTML, so the relaxed encoder is safe.
    /// </summary>
    public static DmsJsonContext Wire => LazyInitializer.EnsureInitialized(ref s_wire, () => new(new JsonSerializerOptions(Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    }));

    // Lazy: a static initializer here could run before the generated Default exists.
    private static DmsJsonContext? s_wire;
}
