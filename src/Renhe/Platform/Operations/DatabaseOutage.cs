using System.Net.Sockets;
using Npgsql;

namespace Renhe.Platform.Operations;

/// Tells a database that cannot be reached (stopped, restarting, the network gone) from a database
/// that answered with an error. The first is worth a 503 "try again shortly": nothing the caller
/// sent was wrong, and the request succeeds once the server is back.
public static class DatabaseOutage
{
    /// Looks through the whole chain, since EF Core wraps what the driver throws (a DbUpdateException
    /// on save, an InvalidOperationException from its execution strategy).
    public static bool Is(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                // An answer from a running server counts only when it is about the connection itself:
                // class 08, or the server shutting down or still starting (57P01-57P03). A unique
                // violation or a deadlock is the request's own business.
                case PostgresException postgres:
                    return postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
                           || postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
                               or PostgresErrorCodes.CannotConnectNow;
                // Npgsql could not open a connection, or lost it while reading or writing.
                case NpgsqlException { InnerException: SocketException or IOException or TimeoutException }:
                case NpgsqlException { IsTransient: true }:
                    return true;
            }
        }
        return false;
    }
}
