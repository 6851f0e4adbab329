using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Dms.Workflows.Tests;

/// <summary>Captures log lines with the scopes active when they were written (scopes shared by all its loggers, as in Microsoft.Extensions.Logging).</summary>
internal sealed class RecordingLoggerFactory : ILoggerFactory
{
    private readonly AsyncLocal<ImmutableScopes?> _scopes = new();

    public ConcurrentQueue<LogLine> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose()
    {
    }

    internal sealed record LogLine(string Category, LogLevel Level, string Message, IReadOnlyList<object?> Scopes, IReadOnlyList<KeyValuePair<string, object?>> Values)
    {
        public bool Mentions(string key, object value) =>
            Values.Concat(Scopes.OfType<IEnumerable<KeyValuePair<string, object>>>().SelectMany(s => s.Select(p => KeyValuePair.Create(p.Key, (object?)p.Value))))
                .Any(p => p.Key == key && Equals(p.Value, value));
    }

    private sealed record ImmutableScopes(object? State, ImmutableScopes? Parent);

    private sealed class Logger(RecordingLoggerFactory factory, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            var previous = factory._scopes.Value;
            factory._scopes.Value = new ImmutableScopes(state, previous);
            return new Pop(() => factory._scopes.Value = previous);
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new List<object?>();
            for (var s = factory._scopes.Value; s is not null; s = s.Parent)
            {
                scopes.Add(s.State);
            }

            var values = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
            factory.Lines.Enqueue(new LogLine(category, logLevel, formatter(state, exception), scopes, values));
        }
    }

    private sealed class Pop(Action pop) : IDisposable
    {
        public void Dispose() => pop();
    }
}
