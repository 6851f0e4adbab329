namespace Dms.Workflows.Tests;

public class PageTokenTests
{
    [Fact]
    public void An_encoded_token_decodes_to_the_same_position()
    {
        var token = new PageToken(1_772_366_400_123_456, Guid.NewGuid());

        Assert.True(PageToken.TryDecode(token.Encode(), out var decoded));
        Assert.Equal(token, decoded);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a token")]
    [InlineData("!!!!")]
    [InlineData("AAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("_____________________________w")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\0")]
    public void Garbage_is_rejected(string garbage)
    {
        Assert.False(PageToken.TryDecode(garbage, out _));
    }

    [Fact]
    public void A_token_with_a_negative_timestamp_is_rejected()
    {
        var forged = new PageToken(-5, Guid.NewGuid()).Encode();

        Assert.False(PageToken.TryDecode(forged, out _));
    }

    [Fact]
    public void The_token_is_url_safe()
    {
        for (var i = 0; i < 200; i++)
        {
            var text = new PageToken(long.MaxValue - i, Guid.NewGuid()).Encode();
            Assert.DoesNotContain('+', text);
            Assert.DoesNotContain('/', text);
            Assert.DoesNotContain('=', text);
        }
    }
}
