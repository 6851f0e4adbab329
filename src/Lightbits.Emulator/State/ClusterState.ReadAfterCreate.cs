namespace Lightbits.Emulator.State;

// --not-found-after-create-ms: reads that do not yet see a resource its create already answered
// for, as Cinder's driver expects of real clusters (it keeps polling a 404 after a create).
public sealed partial class ClusterState
{
    /// <summary>
    /// Throws the 404 a GET of a missing resource gets when the resource was created less than
    /// <see cref="EmulatorOptions.NotFoundAfterCreate"/> ago. Only single-resource GETs call it;
    /// updates, deletes and lists see the resource at once.
    /// </summary>
    public void HideIfJustCreated(DateTimeOffset createdAt, string notFoundMessage)
    {
        if (_options.NotFoundAfterCreate > TimeSpan.Zero && _time.GetUtcNow() - createdAt < _options.NotFoundAfterCreate)
        {
            throw ApiException.NotFound(notFoundMessage);
        }
    }
}
