using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Renhe.Tests.Modules.Risk.Evidence;

/// A real RFC 3161 time-stamp authority on loopback: a CA and a TSA certificate (extendedKeyUsage
/// critical timeStamping) made with openssl, and an HTTP listener that pipes each request to
/// `openssl ts -reply` and returns application/timestamp-reply.
public sealed class OpensslTsa : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public string Directory { get; }
    public string Url { get; }
    public string CaCertificate => Path.Combine(Directory, "ca.pem");
    public int Requests;

    private OpensslTsa(string directory, int port)
    {
        Directory = directory;
        Url = $"http://127.0.0.1:{port}/tsa/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public static async Task<OpensslTsa> StartAsync()
    {
        var dir = Path.Combine(Path.GetTempPath(), "renhe-tsa-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "tsa-ext.cnf"),
            "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping\n");
        await File.WriteAllTextAsync(Path.Combine(dir, "serial"), "01\n");
        await File.WriteAllTextAsync(Path.Combine(dir, "tsa.cnf"), $"""
            [ tsa ]
            default_tsa = tsa_config
            [ tsa_config ]
            dir = {dir}
            serial = $dir/serial
            crypto_device = builtin
            signer_cert = $dir/tsa.pem
            signer_key = $dir/tsa.key
            signer_digest = sha256
            default_policy = 1.2.3.4.1
            digests = sha256
            accuracy = secs:1
            ordering = no
            tsa_name = no
            ess_cert_id_chain = no
            ess_cert_id_alg = sha256
            """);
        await Openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
            "-days", "30", "-subj", "/CN=Renhe Test Root", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        await Openssl(dir, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "tsa.key", "-out", "tsa.csr", "-subj", "/CN=Renhe Test TSA");
        await Openssl(dir, "x509", "-req", "-in", "tsa.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-set_serial", "2", "-out", "tsa.pem", "-days", "30",
            "-extfile", "tsa-ext.cnf");
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new OpensslTsa(dir, port);
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }
            Interlocked.Increment(ref Requests);
            var id = Guid.NewGuid().ToString("N");
            var query = Path.Combine(Directory, id + ".tsq");
            var reply = Path.Combine(Directory, id + ".tsr");
            await using (var file = File.Create(query)) await context.Request.InputStream.CopyToAsync(file);
            var (exit, output) = await Run(Directory, "ts", "-reply", "-config", "tsa.cnf", "-queryfile", query, "-out", reply);
            if (exit != 0)
            {
                context.Response.StatusCode = 500;
                await context.Response.OutputStream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(output));
            }
            else
            {
                context.Response.ContentType = "application/timestamp-reply";
                await context.Response.OutputStream.WriteAsync(await File.ReadAllBytesAsync(reply));
            }
            context.Response.Close();
        }
    }

    public static async Task Openssl(string directory, params string[] args)
    {
        var (exit, output) = await Run(directory, args);
        if (exit != 0) throw new InvalidOperationException($"openssl {string.Join(' ', args)} failed: {output}");
    }

    public static async Task<(int ExitCode, string Output)> Run(string directory, params string[] args)
    {
        var start = new ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        _listener.Close();
        try { await _loop; } catch (ObjectDisposedException) { }
        _stop.Dispose();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
