using System.Net;
using Dms.Contracts.Errors;

namespace Dms.Contracts.Tests.Errors;

public sealed class ErrorCodesTests
{
    [Theory]
    [InlineData(ErrorCode.InvalidArgument, HttpStatusCode.BadRequest)]
    [InlineData(ErrorCode.FailedPrecondition, HttpStatusCode.BadRequest)]
    [InlineData(ErrorCode.Unauthenticated, HttpStatusCode.Unauthorized)]
    [InlineData(ErrorCode.PermissionDenied, HttpStatusCode.Forbidden)]
    [InlineData(ErrorCode.NotFound, HttpStatusCode.NotFound)]
    [InlineData(ErrorCode.AlreadyExists, HttpStatusCode.Conflict)]
    [InlineData(ErrorCode.ResourceExhausted, HttpStatusCode.TooManyRequests)]
    [InlineData(ErrorCode.Internal, HttpStatusCode.InternalServerError)]
    [InlineData(ErrorCode.Unavailable, HttpStatusCode.ServiceUnavailable)]
    public void HttpStatus_IsTheOneOfSpecSection1(ErrorCode code, HttpStatusCode expected) => Assert.Equal(expected, code.HttpStatus());

    [Fact]
    public void EveryCode_TravelsWithAStatus_ThatReadsBackAsTheCode()
    {
        foreach (var code in Enum.GetValues<ErrorCode>())
        {
            Assert.Equal(code, ErrorCodes.Read(code.HttpStatus(), (int)code));
        }
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, 9, ErrorCode.FailedPrecondition)]
    [InlineData(HttpStatusCode.Conflict, 9, ErrorCode.FailedPrecondition)]
    [InlineData(HttpStatusCode.Conflict, null, ErrorCode.AlreadyExists)]
    [InlineData(HttpStatusCode.BadRequest, null, ErrorCode.InvalidArgument)]
    [InlineData(HttpStatusCode.BadRequest, 5, ErrorCode.InvalidArgument)]
    [InlineData(HttpStatusCode.NotFound, null, ErrorCode.NotFound)]
    [InlineData(HttpStatusCode.Unauthorized, 3, ErrorCode.Unauthenticated)]
    public void Read_TakesTheBodysCodeOnlyWhenItTravelsWithTheStatus(HttpStatusCode status, int? code, ErrorCode expected) =>
        Assert.Equal(expected, ErrorCodes.Read(status, code));

    [Fact]
    public void Read_KnowsNothingOfAStatusTheTableLacks() => Assert.Null(ErrorCodes.Read(HttpStatusCode.BadGateway, 14));
}
