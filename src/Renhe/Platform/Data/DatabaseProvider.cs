namespace Renhe.Platform.Data;

public enum DatabaseProvider { Sqlite, Postgres }
