using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace Renhe.Tests.Platform.Api;

/// The server's own error log, kept in memory: requests are sent one at a time, so the errors
/// logged between sending a request and reading its answer belong to that request.
internal sealed partial class ServerLog : ILoggerProvider
{
    private readonly List<LoggedError> _errors = [];
    private readonly Lock _lock = new();

    /// The provider stays registered with the host's logger factory; the run switches it off when done.
    public bool Enabled { get; set; } = true;

    public int Mark()
    {
        lock (_lock) return _errors.Count;
    }

    public IReadOnlyList<LoggedError> Since(int mark)
    {
        lock (_lock) return _errors.Skip(mark).ToList();
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() => Enabled = false;

    private void Add(LoggedError error)
    {
        if (!Enabled) return;
        lock (_lock) _errors.Add(error);
    }

    private sealed class Logger(ServerLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) log.Add(new LoggedError(category, formatter(state, exception), exception));
        }
    }

    [GeneratedRegex(@"at (Renhe\.[^\s(]+)\(.*?\) in (?:.*?/src/)?(.+?):line (\d+)")]
    public static partial Regex RenheFrame();
}

internal sealed record LoggedError(string Category, string Message, Exception? Exception)
{
    /// "Type: message" of the exception that started it (the innermost one).
    public string? Cause => Exception?.GetBaseException() is { } root ? $"{root.GetType().FullName}: {FirstLine(root.Message)}" : null;

    /// Where in Renhe's code it was thrown: the first frame of Renhe's own in the exception's text,
    /// innermost exception first ("Modules/Sales/...Service.cs:42 (Renhe.Modules...Method)").
    public string? Where
    {
        get
        {
            if (Exception is null) return null;
            foreach (Match m in ServerLog.RenheFrame().Matches(Exception.ToString()))
            {
                if (m.Groups[1].Value.StartsWith("Renhe.Tests.", StringComparison.Ordinal)) continue;
                return $"{m.Groups[2].Value}:{m.Groups[3].Value} ({m.Groups[1].Value})";
            }
            return null;
        }
    }

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();
}
