using System.Globalization;

namespace Cli.Common.Output;

/// <summary>COLUMNS: how wide the operator wants output, when set; it wins over the terminal's own width.</summary>
public static class ColumnsVariable
{
    public static int? Read() =>
        int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), NumberStyles.None, CultureInfo.InvariantCulture, out var columns) && columns > 0 ? columns : null;
}
