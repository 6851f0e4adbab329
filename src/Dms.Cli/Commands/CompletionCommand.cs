using System.CommandLine;

namespace Dms.Cli.Commands;

/// <summary>
/// `dmscli completion bash|zsh`: a script that asks dmscli itself for completions through
/// System.CommandLine's [suggest] directive, so it never goes stale when commands change.
/// </summary>
internal static class CompletionCommand
{
    private const string Bash = """
        # dmscli completion for bash: source <(dmscli completion bash)
        _dmscli_complete() {
          local IFS=$'\n'
          COMPREPLY=($(compgen -W "$(dmscli "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}"))
        }
        complete -o default -F _dmscli_complete dmscli

        """;

    private const string Zsh = """
        #compdef dmscli
        # dmscli completion for zsh: source <(dmscli completion zsh)
        _dmscli() {
          local -a candidates
          candidates=("${(@f)$(dmscli "[suggest:${CURSOR}]" "${BUFFER}" 2>/dev/null)}")
          compadd -a candidates
        }
        compdef _dmscli dmscli

        """;

    public static Command Create()
    {
        var shell = new Argument<string>("shell") { Description = "bash or zsh" };
        shell.AcceptOnlyFromAmong("bash", "zsh");
        var completion = new Command("completion", "Print a shell completion script: source <(dmscli completion bash)") { shell };
        completion.SetAction(parse => Console.Out.Write(parse.GetValue(shell) == "zsh" ? Zsh : Bash));
        return completion;
    }
}
