using Microsoft.EntityFrameworkCore;

namespace Renhe.Platform.Data;

public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options);
