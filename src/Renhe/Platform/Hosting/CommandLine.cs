namespace Renhe.Platform.Hosting;

/// Splits the command line into a verb (migrate), Renhe's own switches (--demo, --data-dir) and
/// what is left for ASP.NET's configuration (--urls, --ConnectionStrings:Renhe=…).
public sealed record CommandLine(string? Verb, string[] HostArgs, Dictionary<string, string?> Settings)
{
    /// What `--help` and an unknown verb print.
    public const string Usage =
        "Commands: migrate, import-chats <file.jsonl>, import-calls <file.csv> [time zone], verify-archive, verify-evidence <package.zip> [--public-key <pem>], " +
        "backup <file>, restore <file> --data-dir <new folder>. Options: --demo, --data-dir <dir>, --urls <url>, --<setting>=<value>.\n" +
        "Exit codes: 0 done; 1 verify-archive found an alteration, verify-evidence a check that failed, an import rejected lines, or a backup file is damaged or altered; " +
        "2 wrong command line; 3 refused, because backup never overwrites a file and restore writes only into a new or empty folder " +
        "and an empty database; 4 the database, pg_dump or pg_restore failed, or pg_dump/pg_restore is not installed.";

    /// <see cref="HostArgs"/> without the verb's own arguments (file names), for ASP.NET's
    /// configuration: it reads `/srv/backup.zip --Database:Provider=Postgres` as the key
    /// "srv/backup.zip" with the value "--Database:Provider=Postgres", and the setting is lost.
    public string[] ConfigurationArgs
    {
        get
        {
            var options = new List<string>();
            for (var i = 0; i < HostArgs.Length; i++)
            {
                if (!HostArgs[i].StartsWith('-')) continue;
                options.Add(HostArgs[i]);
                // `--urls http://…`: the value follows its key.
                if (!HostArgs[i].Contains('=', StringComparison.Ordinal) && i + 1 < HostArgs.Length && !HostArgs[i + 1].StartsWith('-'))
                    options.Add(HostArgs[++i]);
            }
            return options.ToArray();
        }
    }

    public static CommandLine Parse(string[] args)
    {
        string? verb = null;
        var rest = new List<string>();
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg == "--demo") settings["Demo:Enabled"] = "true";
            else if (arg == "--data-dir" && i + 1 < args.Length) settings["DataDir"] = args[++i];
            else if (arg.StartsWith("--data-dir=", StringComparison.Ordinal)) settings["DataDir"] = arg["--data-dir=".Length..];
            else if (verb is null && rest.Count == 0 && !arg.StartsWith('-')) verb = arg;
            else rest.Add(arg);
        }
        return new CommandLine(verb, rest.ToArray(), settings);
    }
}
