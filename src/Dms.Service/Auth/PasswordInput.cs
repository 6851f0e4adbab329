namespace Dms.Service.Auth;

/// <summary>Reads a password for `dms init`/`dms passwd`: from stdin when asked or when stdin is not a terminal, else a silent prompt.</summary>
internal static class PasswordInput
{
    public static string Read(string prompt, bool fromStdin)
    {
        if (fromStdin || Console.IsInputRedirected)
        {
            return (Console.In.ReadLine() ?? "").TrimEnd('\r', '\n');
        }

        Console.Error.Write(prompt);
        var password = ReadHidden();
        Console.Error.Write("Again: ");
        var again = ReadHidden();
        return password == again ? password : throw new InvalidOperationException("the two passwords differ");
    }

    private static string ReadHidden()
    {
        var text = new System.Text.StringBuilder();
        while (Console.ReadKey(intercept: true) is var key && key.Key != ConsoleKey.Enter)
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                text.Length = Math.Max(0, text.Length - 1);
            }
            else
            {
                text.Append(key.KeyChar);
            }
        }

        Console.Error.WriteLine();
        return text.ToString();
    }
}
