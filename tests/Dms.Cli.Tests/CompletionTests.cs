using Lightbits.Emulator.Testing;

namespace Dms.Cli.Tests;

public sealed class CompletionTests
{
    [Theory]
    [InlineData("bash", "complete -o default -F _dmscli_complete dmscli")]
    [InlineData("zsh", "compdef _dmscli dmscli")]
    public async Task Completion_PrintsAScriptForTheShell(string shell, string registration)
    {
        var result = await ChildProcess.RunAsync("dmscli", ["completion", shell]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(registration, result.Stdout, StringComparison.Ordinal);
        Assert.Contains("[suggest:", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Completion_UnknownShell_IsAUsageError()
    {
        var result = await ChildProcess.RunAsync("dmscli", ["completion", "fish"]);

        OneLine.AssertFailure(result, 2, "fish");
    }

    [Fact]
    public async Task SuggestDirective_TheScriptsSource_CompletesNounsAndFlags()
    {
        var nouns = await ChildProcess.RunAsync("dmscli", ["[suggest:12]", "dmscli list "]);
        Assert.Equal(["cluster", "clusters", "workflow", "workflows"], nouns.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(s => !s.StartsWith('-')));

        var flags = await ChildProcess.RunAsync("dmscli", ["[suggest:31]", "dmscli thick-clone volume --src"]);
        Assert.Contains("--src-snap-id", flags.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SuggestDirective_OffersNoSlashSpellings_AndLowerCaseFormats()
    {
        var flags = await ChildProcess.RunAsync("dmscli", ["[suggest:12]", "dmscli list "]);
        Assert.DoesNotContain("/", flags.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("-?", flags.Stdout, StringComparison.Ordinal);

        var formats = await ChildProcess.RunAsync("dmscli", ["[suggest:24]", "dmscli list clusters -o "]);
        Assert.Equal(["json", "table", "wide", "yaml"], formats.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
