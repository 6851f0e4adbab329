using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Dms.Service.Tests.TestSupport;

/// <summary>
/// One more logger provider for an in-process dms, keeping every entry with its structured values,
/// so a test can prove something happened inside dms that its API does not show (a step retried).
/// </summary>
internal sealed class LogRecorder : ILoggerProvider
{
    private readonly ConcurrentQueue<Entry> _entries = new();

    public IReadOnlyCollection<Entry> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new Recorder(this);

    public void Dispose()
    {
    }

    internal sealed record Entry(LogLevel Level, string Message, Exception? Exception, IReadOnlyList<KeyValuePair<string, object?>> Values)
    {
        public bool Has(string key, object value) => Values.Any(p => p.Key == key && Equals(p.Value, value));
    }

    private sealed class Recorder(LogRecorder owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._entries.Enqueue(new Entry(logLevel, formatter(state, exception), exception, state as IReadOnlyList<KeyValuePair<string, object?>> ?? []));
    }
}
