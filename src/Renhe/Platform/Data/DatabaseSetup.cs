using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Renhe.Platform.Audit;
using Renhe.Platform.Security;

namespace Renhe.Platform.Data;

public static class DatabaseSetup
{
    /// Registers the provider subclass chosen by <c>Database:Provider</c> behind the neutral
    /// <see cref="AppDbContext"/>. Contexts are pooled (EF resets each one on return, so its internal
    /// services are set up once instead of on every use; a search uses three), and the scope's
    /// factory tells each context it hands out who is acting there, for the audit interceptor
    /// (Blazor circuits and HTTP requests alike).
    public static IServiceCollection AddRenheDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        var provider = configuration.GetValue("Database:Provider", DatabaseProvider.Sqlite);
        var connectionString = ConnectionString(configuration, provider);
        services.AddSingleton<VersionInterceptor>();
        services.AddSingleton<AuditInterceptor>();

        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                services.AddPooledDbContextFactory<SqliteAppDbContext>((sp, o) => ConfigureSqlite(o, connectionString)
                    .AddInterceptors(sp.GetRequiredService<VersionInterceptor>(), sp.GetRequiredService<AuditInterceptor>()));
                services.AddScoped<IDbContextFactory<AppDbContext>>(sp => new ActingContextFactory<SqliteAppDbContext>(
                    sp.GetRequiredService<IDbContextFactory<SqliteAppDbContext>>(), sp.GetRequiredService<CurrentUser>()));
                break;
            case DatabaseProvider.Postgres:
                services.AddPooledDbContextFactory<PostgresAppDbContext>((sp, o) => ConfigurePostgres(o, connectionString)
                    .AddInterceptors(sp.GetRequiredService<VersionInterceptor>(), sp.GetRequiredService<AuditInterceptor>()));
                services.AddScoped<IDbContextFactory<AppDbContext>>(sp => new ActingContextFactory<PostgresAppDbContext>(
                    sp.GetRequiredService<IDbContextFactory<PostgresAppDbContext>>(), sp.GetRequiredService<CurrentUser>()));
                break;
            default:
                throw new InvalidOperationException($"Unknown Database:Provider '{provider}'. Use Sqlite or Postgres.");
        }

        // Identity's stores want a context instance per scope.
        services.AddScoped<AppDbContext>(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        return services;
    }

    internal static string ConnectionString(IConfiguration configuration, DatabaseProvider provider)
    {
        var configured = configuration.GetConnectionString("Renhe");
        if (!string.IsNullOrWhiteSpace(configured)) return provider == DatabaseProvider.Postgres ? WithPoolLimit(configured) : configured;
        if (provider == DatabaseProvider.Postgres)
            throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:Renhe is not set.");
        var dataDir = DataDirectory(configuration);
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataDir, "renhe.db"),
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// Connections an instance keeps to PostgreSQL unless its connection string says otherwise
    /// (Maximum Pool Size). Npgsql's own default, 100, is a default server's whole max_connections:
    /// one busy instance could take them all, two more than there are, and past that requests fail
    /// with "too many clients" instead of waiting their turn for a connection.
    public const int DefaultPostgresPoolSize = 20;

    private static string WithPoolLimit(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        var named = given.Keys.Cast<string>().Any(k => k.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant() is "MAXIMUMPOOLSIZE" or "MAXPOOLSIZE");
        return named ? connectionString : new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = DefaultPostgresPoolSize }.ToString();
    }

    public static string DataDirectory(IConfiguration configuration)
    {
        var dir = Path.GetFullPath(configuration["DataDir"] ?? "data");
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// Where the keys that stay outside the database live: the field-encryption key and the archive's
    /// digest key (<c>Keys:Dir</c>, formerly <c>DataProtection:KeysDir</c>; default <c>&lt;data folder&gt;/keys</c>).
    /// Every instance needs the same files, and a backup is unreadable without them.
    public static string KeysDirectory(IConfiguration configuration) =>
        configuration["Keys:Dir"] ?? configuration["DataProtection:KeysDir"] ?? Path.Combine(DataDirectory(configuration), "keys");

    internal static DbContextOptionsBuilder ConfigureSqlite(DbContextOptionsBuilder o, string cs) =>
        o.UseSqlite(cs, s => s.MigrationsAssembly(typeof(AppDbContext).Assembly.FullName))
            // SQL functions the archive search calls (risk_has_term), on every connection.
            .AddInterceptors(Renhe.Modules.Risk.Archive.ArchiveSearchIndex.SqliteFunctions);

    internal static DbContextOptionsBuilder ConfigurePostgres(DbContextOptionsBuilder o, string cs) =>
        o.UseNpgsql(cs, s => s.MigrationsAssembly(typeof(AppDbContext).Assembly.FullName));

    /// Creates the database if needed, switches SQLite to WAL (readers never block the writer)
    /// and applies pending migrations.
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var factory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using var db = await factory.CreateDbContextAsync(ct);
        if (db.Database.IsSqlite())
        {
            await db.Database.OpenConnectionAsync(ct);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
            await db.Database.CloseConnectionAsync();
        }
        // A migration may rebuild an index over the whole archive (minutes for millions of
        // messages), far past the default 30 s a command may take.
        db.Database.SetCommandTimeout(TimeSpan.FromHours(2));
        await db.Database.MigrateAsync(ct);
    }

    /// Hands out the pool's contexts as <see cref="AppDbContext"/>, each told who acts in this scope.
    private sealed class ActingContextFactory<TContext>(IDbContextFactory<TContext> pool, CurrentUser actor) : IDbContextFactory<AppDbContext>
        where TContext : AppDbContext
    {
        public AppDbContext CreateDbContext()
        {
            var db = pool.CreateDbContext();
            db.Actor = actor;
            return db;
        }
    }
}

/// Used by <c>dotnet ef</c> (scripts/add-migration.sh); the connection strings only shape the model.
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAppDbContext>
{
    public SqliteAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteAppDbContext>()
            .UseSqlite("Data Source=design.db", s => s.MigrationsAssembly(typeof(AppDbContext).Assembly.FullName)).Options);
}

public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAppDbContext>
{
    public PostgresAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresAppDbContext>()
            .UseNpgsql("Host=localhost;Database=renhe_design", s => s.MigrationsAssembly(typeof(AppDbContext).Assembly.FullName)).Options);
}
