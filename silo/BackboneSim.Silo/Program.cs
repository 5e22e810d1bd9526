using BackboneSim.Silo;
using Microsoft.Extensions.Logging;

// A standalone silo on localhost clustering, for trying the cluster by hand. Real multi-process clustering (Redis)
// is the operations issue; until then the CLI's embedded cluster is the supported way to run.
var silos = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 1;
await using var cluster = await EmbeddedCluster.StartAsync(silos, LogLevel.Information);
Console.WriteLine($"{cluster.Silos} BackboneSim silo(s) running on localhost; Ctrl+C to stop.");
var done = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; done.TrySetResult(); };
await done.Task;
