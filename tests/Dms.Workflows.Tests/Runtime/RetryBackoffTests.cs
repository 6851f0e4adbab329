namespace Dms.Workflows.Tests;

public class RetryBackoffTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(6, 32)]
    [InlineData(7, 60)]
    [InlineData(1000, 60)]
    public void The_delay_doubles_per_failure_up_to_the_cap(int failures, int expectedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), RetryBackoff.Delay(failures, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60)));
    }
}
