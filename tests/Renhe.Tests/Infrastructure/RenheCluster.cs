using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;

namespace Renhe.Tests.Infrastructure;

/// Renhe deployed as docs/deploy.md describes, on one machine: the built program started as
/// several processes on one fresh PostgreSQL database, each on its own port and data folder, behind
/// nginx (Debian's binary) configured from deploy/nginx/renhe.conf with the ports, a throw-away
/// certificate and the log paths put in. The database is migrated once with the `migrate` verb
/// before any instance starts, as an upgrade is done.
///
/// Self-contained — the BCL, Npgsql and the nginx binary, nothing from the test framework — so a
/// load client can use it too. Failures to start are thrown as <see cref="InvalidOperationException"/>
/// with the programs' output; missing prerequisites are found by <see cref="NginxPath"/> and
/// <see cref="PostgresUnavailableAsync"/> before starting.
public sealed partial class RenheCluster : IAsyncDisposable
{
    public sealed class Options
    {
        /// The built Renhe.dll (its build output folder, so that static web assets are found).
        public required string AppDll { get; init; }

        /// deploy/nginx/renhe.conf of the checkout under test.
        public required string NginxSiteConfig { get; init; }

        /// A PostgreSQL account allowed to create databases; the cluster's database is made and dropped with it.
        public required string PostgresAdminConnectionString { get; init; }

        public string Nginx { get; init; } = NginxPath() ?? "nginx";

        public int Instances { get; init; } = 2;

        /// The first instance loads the demo company when it first starts (people and customers,
        /// without sales history or chats unless <see cref="Settings"/> say otherwise).
        public bool Demo { get; init; } = true;

        /// Settings for every instance, as configuration keys (Risk:Lexicon:RefreshSeconds).
        public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

        /// Where the instances' output and nginx's logs are written on dispose; null keeps them in memory only.
        public string? LogDirectory { get; init; }

        public string LogName { get; init; } = "cluster";

        public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(120);
    }

    /// One Renhe process: its own port and data folder, the shared database and keys.
    public sealed class Instance
    {
        private readonly StringBuilder _output = new();

        internal Instance(int index, int port, string dataDir)
        {
            Index = index;
            Port = port;
            DataDir = dataDir;
        }

        public int Index { get; }
        public int Port { get; }
        public string DataDir { get; }
        public Uri Url => new($"http://127.0.0.1:{Port}");

        /// How nginx names this instance in $upstream_addr.
        public string Upstream => $"127.0.0.1:{Port}";

        internal Process? Process { get; set; }
        public bool IsRunning => Process is { HasExited: false };

        /// Everything the instance wrote to stdout and stderr, over all its starts.
        public string Output
        {
            get { lock (_output) return _output.ToString(); }
        }

        internal void Append(string? line)
        {
            if (line is null) return;
            lock (_output) _output.AppendLine(line);
        }
    }

    private readonly Options _options;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "renhe-cluster", Guid.NewGuid().ToString("N")[..12]);
    private readonly string _database = "renhe_cluster_" + Guid.NewGuid().ToString("N")[..12];
    private readonly Dictionary<string, string> _settings;
    private readonly List<Instance> _instances = [];
    private Process? _nginx;
    private readonly StringBuilder _nginxOutput = new();
    private bool _databaseCreated;
    private string? _certificateThumbprint;

    private RenheCluster(Options options)
    {
        _options = options;
        ConnectionString = new NpgsqlConnectionStringBuilder(options.PostgresAdminConnectionString)
        {
            Database = _database,
            // Several instances share one server: each keeps its pool small (docs/deploy.md).
            MaxPoolSize = 10,
        }.ToString();
        _settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Renhe"] = ConnectionString,
            // Migrated once by `migrate` before the instances start.
            ["Database:MigrateOnStart"] = "false",
            // The keys every instance must share, from configuration as on separate machines.
            ["Encryption:Key"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Risk:DigestKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Risk:DigestSigningKey"] = Convert.ToBase64String(System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256).ExportPkcs8PrivateKey()),
            ["Demo:SalesActivity"] = "false",
            ["Demo:Chats"] = "false",
        };
        foreach (var (key, value) in options.Settings) _settings[key] = value;
    }

    public IReadOnlyList<Instance> Instances => _instances;

    /// The proxy's address (https, with a self-signed certificate: see <see cref="CreateClient"/>).
    public Uri ProxyUrl { get; private set; } = default!;

    /// The cluster's database, for assertions.
    public string ConnectionString { get; }

    public string AccessLogPath => Path.Combine(_root, "nginx", "logs", "access.log");

    public string NginxErrorLog => ReadShared(Path.Combine(_root, "nginx", "logs", "error.log"));

    /// nginx's binary: /usr/sbin/nginx (Debian) or the first on PATH, or null when not installed.
    public static string? NginxPath() =>
        new[] { "/usr/sbin/nginx" }
            .Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Select(d => Path.Combine(d, "nginx")))
            .FirstOrDefault(File.Exists);

    /// Null when the server answers, else why not.
    public static async Task<string?> PostgresUnavailableAsync(string adminConnectionString)
    {
        try
        {
            await using var connection = new NpgsqlConnection(adminConnectionString);
            await connection.OpenAsync();
            return null;
        }
        catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException)
        {
            return ex.Message;
        }
    }

    /// Creates the database, migrates it, starts the instances (the first alone: it creates what
    /// the others then find — the demo company, the first Data Protection key) and nginx.
    public static async Task<RenheCluster> StartAsync(Options options)
    {
        var cluster = new RenheCluster(options);
        try
        {
            await cluster.StartAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync()
    {
        if (!File.Exists(_options.AppDll)) throw new InvalidOperationException($"The application is not built: {_options.AppDll} does not exist.");
        Directory.CreateDirectory(_root);
        await using (var admin = new NpgsqlConnection(_options.PostgresAdminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", admin);
            await create.ExecuteNonQueryAsync();
            _databaseCreated = true;
        }

        var migrate = await RunToEndAsync(["migrate"], TimeSpan.FromMinutes(3));
        if (migrate.ExitCode != 0) throw new InvalidOperationException($"`migrate` exited with code {migrate.ExitCode}:\n{migrate.Output}");

        for (var i = 0; i < _options.Instances; i++)
            _instances.Add(new Instance(i, TestEnvironment.FreePort(), Path.Combine(_root, $"instance-{i}")));
        await StartInstanceAsync(0, demo: _options.Demo);
        await Task.WhenAll(_instances.Skip(1).Select(instance => StartInstanceAsync(instance.Index, demo: false)));
        await StartNginxAsync();
    }

    /// Starts an instance that is not running (again, after <see cref="Kill"/>) and waits for /health.
    public Task StartInstanceAsync(int index) => StartInstanceAsync(index, demo: false);

    private async Task StartInstanceAsync(int index, bool demo)
    {
        var instance = _instances[index];
        if (instance.IsRunning) return;
        Directory.CreateDirectory(instance.DataDir);
        string[] args = ["--urls", instance.Url.ToString().TrimEnd('/'), "--data-dir", instance.DataDir];
        var process = NewRenheProcess(demo ? ["--demo", .. args] : args, instance.DataDir);
        process.OutputDataReceived += (_, e) => instance.Append(e.Data);
        process.ErrorDataReceived += (_, e) => instance.Append(e.Data);
        instance.Append($"--- start {DateTimeOffset.Now:HH:mm:ss.fff}");
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        instance.Process = process;

        using var http = new HttpClient { BaseAddress = instance.Url, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        var last = "no answer yet";
        while (clock.Elapsed < _options.StartupTimeout)
        {
            if (process.HasExited)
            {
                await process.WaitForExitAsync();
                throw new InvalidOperationException($"Instance {index} exited with code {process.ExitCode} before /health answered.\n{instance.Output}");
            }
            try
            {
                using var response = await http.GetAsync(new Uri("/health", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK) return;
                last = $"HTTP {(int)response.StatusCode}";
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                last = ex.Message;
            }
            await Task.Delay(250);
        }
        throw new InvalidOperationException($"Instance {index}: GET /health did not return 200 within {_options.StartupTimeout.TotalSeconds:0} s (last: {last}).\n{instance.Output}");
    }

    /// kill -9: no shutdown, no goodbye to its circuits or connections.
    public async Task KillAsync(int index)
    {
        var process = _instances[index].Process;
        if (process is null || process.HasExited) return;
        process.Kill(); // SIGKILL on Unix
        await process.WaitForExitAsync();
        _instances[index].Append($"--- killed {DateTimeOffset.Now:HH:mm:ss.fff}");
    }

    /// Starts every instance that is not running, and has nginx start afresh with its workers so
    /// that none is still avoided as failed (fail_timeout).
    public async Task EnsureAllRunningAsync()
    {
        var stopped = _instances.Where(i => !i.IsRunning).ToList();
        if (stopped.Count == 0) return;
        foreach (var instance in stopped) await StartInstanceAsync(instance.Index);
        await ReloadNginxAsync();
    }

    /// An HTTP client that trusts the proxy's throw-away certificate (that one only), with its own
    /// cookies or none.
    public HttpClient CreateClient(Uri baseAddress, CookieContainer? cookies = null, bool followRedirects = false) =>
        new(new SocketsHttpHandler
        {
            UseCookies = cookies is not null,
            CookieContainer = cookies ?? new CookieContainer(),
            AllowAutoRedirect = followRedirects,
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && certificate.GetCertHashString(HashAlgorithmName.SHA256) == _certificateThumbprint,
            },
            // A fresh connection per client, so that nginx sees separate visitors.
            PooledConnectionLifetime = TimeSpan.FromSeconds(30),
        })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };

    /// One request nginx passed on: which instances it tried (the last one answered) and the routing key.
    public sealed record AccessLogEntry(string Method, string Target, int Status, IReadOnlyList<string> Upstreams, string Route)
    {
        public string? ServedBy => Upstreams.Count > 0 ? Upstreams[^1] : null;
        public string Path => Target.Split('?')[0];
    }

    /// nginx's access log so far (a request is logged when it ends; a WebSocket when it closes).
    public IReadOnlyList<AccessLogEntry> ReadAccessLog()
    {
        var entries = new List<AccessLogEntry>();
        foreach (var line in ReadShared(AccessLogPath).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var m = AccessLogLine().Match(line);
            if (!m.Success) throw new InvalidOperationException($"The access log line does not have the `renhe` log_format of deploy/nginx/renhe.conf: {line}");
            var upstreams = m.Groups["upstream"].Value
                .Split([", ", " : "], StringSplitOptions.RemoveEmptyEntries)
                .Where(u => u != "-")
                .ToList();
            entries.Add(new AccessLogEntry(m.Groups["method"].Value, m.Groups["target"].Value, int.Parse(m.Groups["status"].Value, System.Globalization.CultureInfo.InvariantCulture),
                upstreams, m.Groups["route"].Value));
        }
        return entries;
    }

    [GeneratedRegex("""^\S+ \[[^\]]+\] "(?<method>\S+) (?<target>\S+)[^"]*" (?<status>\d{3}) \d+ \S+ upstream="(?<upstream>[^"]*)" upstream_status="[^"]*" route=(?<route>\S*)\s*$""")]
    private static partial Regex AccessLogLine();

    private async Task StartNginxAsync()
    {
        var dir = Path.Combine(_root, "nginx");
        Directory.CreateDirectory(Path.Combine(dir, "logs"));
        Directory.CreateDirectory(Path.Combine(dir, "temp"));
        var (certificate, key) = WriteSelfSignedCertificate(dir);
        var port = TestEnvironment.FreePort();
        var config = NginxConfig(File.ReadAllText(_options.NginxSiteConfig), dir, port, TestEnvironment.FreePort(), certificate, key,
            _instances.Select(i => i.Upstream).ToList());
        var configPath = Path.Combine(dir, "nginx.conf");
        await File.WriteAllTextAsync(configPath, config);
        ProxyUrl = new Uri($"https://127.0.0.1:{port}");

        var start = new ProcessStartInfo(_options.Nginx)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = dir,
        };
        foreach (var arg in NginxArguments()) start.ArgumentList.Add(arg);
        _nginx = new Process { StartInfo = start };
        _nginx.OutputDataReceived += (_, e) => { if (e.Data is { } l) lock (_nginxOutput) _nginxOutput.AppendLine(l); };
        _nginx.ErrorDataReceived += (_, e) => { if (e.Data is { } l) lock (_nginxOutput) _nginxOutput.AppendLine(l); };
        _nginx.Start();
        _nginx.BeginOutputReadLine();
        _nginx.BeginErrorReadLine();

        using var http = CreateClient(ProxyUrl);
        http.Timeout = TimeSpan.FromSeconds(5);
        var clock = Stopwatch.StartNew();
        var last = "no answer yet";
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (_nginx.HasExited)
            {
                await _nginx.WaitForExitAsync();
                throw new InvalidOperationException($"nginx exited with code {_nginx.ExitCode}.\n{NginxOutput}\n{NginxErrorLog}\nconfiguration:\n{config}");
            }
            try
            {
                using var response = await http.GetAsync(new Uri("/health", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK) return;
                last = $"HTTP {(int)response.StatusCode}";
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                last = ex.Message;
            }
            await Task.Delay(200);
        }
        throw new InvalidOperationException($"nginx did not answer GET /health with 200 within 30 s (last: {last}).\n{NginxOutput}\n{NginxErrorLog}");
    }

    private string[] NginxArguments(params string[] extra)
    {
        var dir = Path.Combine(_root, "nginx");
        // -e: the error log before the configuration is read (Debian's default is stderr).
        return ["-p", dir + "/", "-c", Path.Combine(dir, "nginx.conf"), "-e", Path.Combine(dir, "logs", "error.log"), .. extra];
    }

    /// `nginx -s reload`: new workers with fresh upstream state, the same master and port.
    private async Task ReloadNginxAsync()
    {
        if (_nginx is null || _nginx.HasExited) return;
        var before = ReadShared(Path.Combine(_root, "nginx", "logs", "error.log")).Length;
        var start = new ProcessStartInfo(_options.Nginx) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in NginxArguments("-s", "reload")) start.ArgumentList.Add(arg);
        using var signal = Process.Start(start)!;
        var output = await signal.StandardError.ReadToEndAsync() + await signal.StandardOutput.ReadToEndAsync();
        await signal.WaitForExitAsync();
        if (signal.ExitCode != 0) throw new InvalidOperationException($"nginx -s reload exited with code {signal.ExitCode}: {output}");
        // The master logs when it has started the new workers (and told the old ones to finish).
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10)
               && !ReadShared(Path.Combine(_root, "nginx", "logs", "error.log"))[before..].Contains("start worker process", StringComparison.Ordinal))
            await Task.Delay(100);
    }

    /// deploy/nginx/renhe.conf made runnable here: its upstream lists these instances, it listens on
    /// free loopback ports, uses the throw-away certificate and writes its log into the cluster's
    /// folder; wrapped in the main configuration (no daemon, pid and temporary files in the folder)
    /// that a Debian machine's /etc/nginx/nginx.conf would otherwise give it.
    public static string NginxConfig(string site, string dir, int httpsPort, int httpPort, string certificate, string key, IReadOnlyList<string> upstreams)
    {
        var lines = site.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var output = new StringBuilder();
        int servers = 0, sslListens = 0, certificates = 0, accessLogs = 0;
        var inUpstream = false;
        foreach (var line in lines)
        {
            var code = line.Split('#')[0].Trim();
            if (code.StartsWith("upstream ", StringComparison.Ordinal)) inUpstream = true;
            else if (inUpstream && code == "}") inUpstream = false;

            if (inUpstream && UpstreamServer().Match(code) is { Success: true } server)
            {
                // The first server line becomes one line per instance, with the file's parameters.
                if (servers++ == 0)
                    foreach (var upstream in upstreams) output.AppendLine($"    server {upstream}{server.Groups["parameters"].Value};");
                continue;
            }
            if (code.StartsWith("listen ", StringComparison.Ordinal))
            {
                if (code.StartsWith("listen [", StringComparison.Ordinal)) continue; // IPv6 may be missing here
                var ssl = code.Contains(" ssl", StringComparison.Ordinal);
                if (ssl) sslListens++;
                output.AppendLine(ListenPort().Replace(line, $"listen 127.0.0.1:{(ssl ? httpsPort : httpPort)}", 1));
                continue;
            }
            if (code.StartsWith("ssl_certificate_key ", StringComparison.Ordinal))
            {
                certificates++;
                output.AppendLine($"    ssl_certificate_key {key};");
                continue;
            }
            if (code.StartsWith("ssl_certificate ", StringComparison.Ordinal))
            {
                certificates++;
                output.AppendLine($"    ssl_certificate {certificate};");
                continue;
            }
            if (code.StartsWith("access_log ", StringComparison.Ordinal))
            {
                accessLogs++;
                output.AppendLine(AccessLogPathPattern().Replace(line, $"access_log {Path.Combine(dir, "logs", "access.log")}", 1));
                continue;
            }
            output.AppendLine(line);
        }
        if (servers == 0 || sslListens != 1 || certificates != 2 || accessLogs != 1)
            throw new InvalidOperationException(
                "deploy/nginx/renhe.conf no longer has what the cluster rewrites: `server host:port …;` lines in an upstream block "
                + $"(found {servers}), one IPv4 `listen … ssl` ({sslListens}), ssl_certificate and ssl_certificate_key ({certificates} of 2), one access_log ({accessLogs}).");

        var temp = Path.Combine(dir, "temp");
        return $"""
            # Generated from deploy/nginx/renhe.conf by RenheCluster.
            daemon off;
            worker_processes 1;
            pid {Path.Combine(dir, "nginx.pid")};
            error_log {Path.Combine(dir, "logs", "error.log")} notice;
            events {"{"} worker_connections 1024; {"}"}
            http {"{"}
            client_body_temp_path {temp}/client_body;
            proxy_temp_path {temp}/proxy;
            fastcgi_temp_path {temp}/fastcgi;
            uwsgi_temp_path {temp}/uwsgi;
            scgi_temp_path {temp}/scgi;

            {output}
            {"}"}

            """;
    }

    [GeneratedRegex(@"^server\s+(?<address>[^\s;]+:\d+)(?<parameters>[^;]*);$")]
    private static partial Regex UpstreamServer();

    [GeneratedRegex(@"listen\s+[^\s;]+")]
    private static partial Regex ListenPort();

    [GeneratedRegex(@"access_log\s+[^\s;]+")]
    private static partial Regex AccessLogPathPattern();

    private (string Certificate, string Key) WriteSelfSignedCertificate(string dir)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=renhe.example.com", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        _certificateThumbprint = certificate.GetCertHashString(HashAlgorithmName.SHA256);
        var certificatePath = Path.Combine(dir, "certificate.pem");
        var keyPath = Path.Combine(dir, "key.pem");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath);
    }

    private Process NewRenheProcess(IEnumerable<string> args, string workingDirectory)
    {
        var start = new ProcessStartInfo(TestEnvironment.DotnetHost())
        {
            WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.ArgumentList.Add(_options.AppDll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        // Production, as an operator runs it; settings as the environment variables a unit would set.
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        start.Environment.Remove("ASPNETCORE_URLS");
        foreach (var (key, value) in _settings) start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        return new Process { StartInfo = start };
    }

    private async Task<(int ExitCode, string Output)> RunToEndAsync(string[] args, TimeSpan timeout)
    {
        var dir = Path.Combine(_root, "migrate");
        Directory.CreateDirectory(dir);
        using var process = NewRenheProcess([.. args, "--data-dir", dir], dir);
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"did not finish within {timeout.TotalSeconds:0} s\n{output}");
        }
        await process.WaitForExitAsync();
        lock (output) return (process.ExitCode, output.ToString());
    }

    private string NginxOutput
    {
        get { lock (_nginxOutput) return _nginxOutput.ToString(); }
    }

    // nginx keeps its logs open for writing; read them without asking for exclusive access.
    private static string ReadShared(string path)
    {
        if (!File.Exists(path)) return "";
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }



    public async ValueTask DisposeAsync()
    {
        if (_nginx is not null)
        {
            // The whole tree: the workers would otherwise keep the port open.
            if (!_nginx.HasExited) _nginx.Kill(entireProcessTree: true);
            await _nginx.WaitForExitAsync();
            _nginx.Dispose();
        }
        foreach (var instance in _instances)
        {
            if (instance.Process is { } process)
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                try { await process.WaitForExitAsync(wait.Token); } catch (OperationCanceledException) { }
                process.Dispose();
            }
        }
        if (_options.LogDirectory is { } logs)
        {
            Directory.CreateDirectory(logs);
            foreach (var instance in _instances)
                await File.WriteAllTextAsync(Path.Combine(logs, $"{_options.LogName}-instance-{instance.Index}.log"), instance.Output);
            await File.WriteAllTextAsync(Path.Combine(logs, $"{_options.LogName}-nginx-access.log"), ReadShared(AccessLogPath));
            await File.WriteAllTextAsync(Path.Combine(logs, $"{_options.LogName}-nginx-error.log"), NginxOutput + NginxErrorLog);
        }
        if (_databaseCreated)
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(_options.PostgresAdminConnectionString);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
