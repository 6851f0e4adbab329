using System.Text;

namespace Dms.Cli.Input;

/// <summary>Where dmscli login gets the password: the flag, stdin when asked, else a prompt that does not echo.</summary>
internal static class PasswordSource
{
    public static string Read(string? flag, bool fromStdin)
    {
        if (flag is not null && fromStdin)
        {
            throw new CliException("give --password or --password-stdin, not both");
        }

        if (flag is not null)
        {
            return flag;
        }

        if (fromStdin)
        {
            return (Console.In.ReadLine() ?? "").TrimEnd('\r', '\n');
        }

        // Reading a pipe without being told to would swallow input meant for something else.
        if (Console.IsInputRedirected)
        {
            throw new CliException("no password: give --password, or --password-stdin to read it from standard input");
        }

        Console.Error.Write("Password: ");
        var text = new StringBuilder();
        while (Console.ReadKey(intercept: true) is var key && key.Key != ConsoleKey.Enter)
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                text.Length = Math.Max(0, text.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }

        Console.Error.WriteLine();
        return text.ToString();
    }
}
