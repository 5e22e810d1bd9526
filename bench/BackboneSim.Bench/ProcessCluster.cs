using System.Diagnostics;
using System.Globalization;
using BackboneSim.Silo;

namespace BackboneSim.Bench;

/// <summary>
/// redis-server and N standalone silo programs (the BackboneSim.Silo.dll built next to the bench) on free loopback
/// ports: a fresh multi-process cluster for one measured run, every process killed on dispose.
/// </summary>
public sealed class ProcessCluster : IAsyncDisposable
{
    private readonly List<Process> _processes = [];
    private readonly string _dir = Directory.CreateTempSubdirectory("backbonesim-bench-").FullName;

    public string Url { get; private set; } = "";

    /// <summary>Where redis-server is, or null when it is not installed (apt-get install redis-server).</summary>
    public static string? RedisServer => new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists);

    public static async Task<ProcessCluster> StartAsync(int silos)
    {
        var cluster = new ProcessCluster();
        try
        {
            var port = FreePorts.Take(1)[0].ToString(CultureInfo.InvariantCulture);
            cluster.Start(RedisServer ?? throw new InvalidOperationException("redis-server is not installed"),
                ["--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", cluster._dir], "Ready to accept connections");
            cluster.Url = $"redis://127.0.0.1:{port}";
            await cluster.WaitAllAsync();
            var silo = Path.Combine(AppContext.BaseDirectory, "BackboneSim.Silo.dll");
            for (var i = 0; i < silos; i++)
                cluster.Start("dotnet", [silo, "--cluster", cluster.Url, "--silo-port", "0", "--gateway-port", "0", "--urls", "http://127.0.0.1:0",
                    "--Logging:LogLevel:Orleans", "Warning"], "joined the cluster at");
            await cluster.WaitAllAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private readonly List<Task> _ready = [];

    private void Start(string file, string[] args, string readyLine)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        var process = Process.Start(psi)!;
        process.StandardInput.Close();
        _processes.Add(process);
        var ready = new TaskCompletionSource();
        var log = new System.Text.StringBuilder();
        void OnLine(object _, DataReceivedEventArgs e)
        {
            if (e.Data is null) return;
            lock (log) log.AppendLine(e.Data);
            if (e.Data.Contains(readyLine, StringComparison.Ordinal)) ready.TrySetResult();
        }
        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => { lock (log) ready.TrySetException(new InvalidOperationException($"{file} exited with {process.ExitCode}:\n{log}")); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _ready.Add(ready.Task.WaitAsync(TimeSpan.FromMinutes(2)));
    }

    private async Task WaitAllAsync()
    {
        await Task.WhenAll(_ready);
        _ready.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _processes.Count - 1; i >= 0; i--)
        {
            var p = _processes[i];
            if (!p.HasExited) p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
            p.Dispose();
        }
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
