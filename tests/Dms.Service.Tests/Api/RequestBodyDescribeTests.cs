using System.Text.Json;
using Dms.Contracts.Json;
using Dms.Service.Api;

namespace Dms.Service.Tests.Api;

public sealed class RequestBodyDescribeTests
{
    [Theory]
    [InlineData("""{"dst":{"size":"512mib"}}""", "field 'dst.size' has the wrong type: expected a number or a string of digits")]
    [InlineData("""{"dst":{"replica":"two"}}""", "field 'dst.replica' has the wrong type: expected a number")]
    [InlineData("""{"verifyClone":"yes"}""", "field 'verifyClone' has the wrong type: expected true or false")]
    public void WrongType_NamesTheFieldAndWhatItShouldBe(string body, string expected)
    {
        var error = Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize(body, DmsJsonContext.Default.ThickCloneRequest));
        Assert.Equal(expected, RequestBody.Describe(error, DmsJsonContext.Default.ThickCloneRequest));
    }
}
