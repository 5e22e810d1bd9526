using Microsoft.Extensions.Hosting;

namespace BackboneSim.Silo.Clustering;

/// <summary>
/// A host lifetime that hooks no signals: the program that owns the host decides what Ctrl+C and SIGTERM do (the CLI
/// ends its run and exits 130). The default console lifetime would swallow SIGTERM and wait for a shutdown nobody asks for.
/// </summary>
internal sealed class CallerOwnedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
