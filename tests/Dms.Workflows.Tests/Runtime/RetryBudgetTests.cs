using Microsoft.Extensions.Time.Testing;

namespace Dms.Workflows.Tests;

public class RetryBudgetTests
{
    private readonly FakeTimeProvider _time = new(WorkflowTestBed.Epoch);

    private RetryBudget Budget(int attempts = 3, int minutes = 30) =>
        new(attempts, TimeSpan.FromMinutes(minutes), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), _time, progressMark: "0");

    [Fact]
    public void Failures_without_progress_back_off_exponentially_and_spend_the_budget_at_the_last_attempt()
    {
        var budget = Budget(attempts: 3);

        Assert.Equal(TimeSpan.FromSeconds(1), budget.OnFailure("0", null));
        Assert.Equal(TimeSpan.FromSeconds(2), budget.OnFailure("0", null));
        Assert.Null(budget.OnFailure("0", null));
        Assert.Equal("after 3 attempts without progress", budget.Describe());
    }

    [Fact]
    public void Progress_between_failures_resets_the_attempts_and_the_backoff()
    {
        var budget = Budget(attempts: 3);

        for (var checkpoint = 1; checkpoint <= 100; checkpoint++)
        {
            Assert.Equal(TimeSpan.FromSeconds(1), budget.OnFailure(checkpoint.ToString(System.Globalization.CultureInfo.InvariantCulture), null));
            Assert.Equal(1, budget.FailuresWithoutProgress);
        }
    }

    [Fact]
    public void Time_without_progress_spends_the_budget_however_few_the_attempts()
    {
        var budget = Budget(attempts: 100, minutes: 10);

        Assert.NotNull(budget.OnFailure("0", null));
        _time.Advance(TimeSpan.FromMinutes(10));

        Assert.Null(budget.OnFailure("0", null));
        Assert.Equal("after 600s without progress (2 attempts)", budget.Describe());
    }

    [Fact]
    public void Progress_restarts_the_clock_of_time_without_progress()
    {
        var budget = Budget(attempts: 100, minutes: 10);
        _time.Advance(TimeSpan.FromMinutes(9));

        Assert.NotNull(budget.OnFailure("1", null));
        _time.Advance(TimeSpan.FromMinutes(9));

        Assert.NotNull(budget.OnFailure("1", null));
    }

    [Fact]
    public void A_delay_the_failure_asks_for_replaces_the_backoff()
    {
        Assert.Equal(TimeSpan.FromSeconds(42), Budget().OnFailure("0", TimeSpan.FromSeconds(42)));
    }
}
