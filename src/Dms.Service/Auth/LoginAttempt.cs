namespace Dms.Service.Auth;

/// <summary>
/// A slot <see cref="LoginThrottle"/> reserved for one password check. It counts as a failure
/// unless <see cref="Succeeded"/> is called before it is disposed, so an attempt that ends in an
/// exception or a cancelled request is never a free guess.
/// </summary>
internal sealed class LoginAttempt(LoginThrottle throttle, string client) : IDisposable
{
    private bool _succeeded;
    private bool _ended;

    public void Succeeded() => _succeeded = true;

    public void Dispose()
    {
        if (!_ended)
        {
            _ended = true;
            throttle.End(client, _succeeded);
        }
    }
}
