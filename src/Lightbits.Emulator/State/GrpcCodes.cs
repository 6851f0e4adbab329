namespace Lightbits.Emulator.State;

/// <summary>The gRPC status codes lbemu answers with where the HTTP status alone does not say which (google.golang.org/grpc/codes).</summary>
public static class GrpcCodes
{
    public const int InvalidArgument = 3;
    public const int FailedPrecondition = 9;
    public const int Aborted = 10;
}
