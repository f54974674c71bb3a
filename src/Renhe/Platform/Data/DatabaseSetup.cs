using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Renhe.Platform.Audit;

namespace Renhe.Platform.Data;

public static class DatabaseSetup
{
    /// Registers the provider subclass chosen by <c>Database:Provider</c> behind the neutral
    /// <see cref="AppDbContext"/>, with a context factory per scope so the audit interceptor
    /// knows who is acting (Blazor circuits and HTTP requests alike).
    public static IServiceCollection AddRenheDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        var provider = configuration.GetValue("Database:Provider", DatabaseProvider.Sqlite);
        var connectionString = ConnectionString(configuration, provider);
        services.AddScoped<AuditInterceptor>();

        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                services.AddDbContextFactory<SqliteAppDbContext>((sp, o) => ConfigureSqlite(o, connectionString)
                    .AddInterceptors(sp.GetRequiredService<AuditInterceptor>()), ServiceLifetime.Scoped);
                services.AddScoped<IDbContextFactory<AppDbContext>>(sp =>
                    new ProviderContextFactory<SqliteAppDbContext>(sp.GetRequiredService<IDbContextFactory<SqliteAppDbContext>>()));
                break;
            case DatabaseProvider.Postgres:
                services.AddDbContextFactory<PostgresAppDbContext>((sp, o) => ConfigurePostgres(o, connectionString)
                    .AddInterceptors(sp.GetRequiredService<AuditInterceptor>()), ServiceLifetime.Scoped);
                services.AddScoped<IDbContextFactory<AppDbContext>>(sp =>
                    new ProviderContextFactory<PostgresAppDbContext>(sp.GetRequiredService<IDbContextFactory<PostgresAppDbContext>>()));
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
        if (!string.IsNullOrWhiteSpace(configured)) return configured;
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

    public static string DataDirectory(IConfiguration configuration)
    {
        var dir = Path.GetFullPath(configuration["DataDir"] ?? "data");
        Directory.CreateDirectory(dir);
        return dir;
    }

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

    private sealed class ProviderContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<AppDbContext>
        where TContext : AppDbContext
    {
        public AppDbContext CreateDbContext() => inner.CreateDbContext();
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
