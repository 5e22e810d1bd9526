using System.Net;
using BackboneSim.Silo;
using Microsoft.Extensions.Logging;

// A standalone silo on localhost clustering, for trying the cluster by hand. Real multi-process clustering (Redis)
// is the operations issue; until then the CLI's embedded cluster is the supported way to run.
//   BackboneSim.Silo [N]                      N silos of a new cluster
//   BackboneSim.Silo --join CLUSTER PORT      one silo joining the embedded cluster whose first silo listens on PORT
if (args.Length == 3 && args[0] == "--join")
{
    var ports = FreePorts.Take(2);
    using var joined = await EmbeddedCluster.StartSiloAsync(args[1], new IPEndPoint(IPAddress.Loopback, int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture)), ports[0], ports[1], LogLevel.Error);
    Console.WriteLine($"joined {args[1]}"); // the parent waits for this line
    await WaitForCtrlC();
    return;
}
var silos = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 1;
await using var cluster = await EmbeddedCluster.StartAsync(silos, LogLevel.Information);
Console.WriteLine($"{cluster.Silos} BackboneSim silo(s) running on localhost; Ctrl+C to stop.");
await WaitForCtrlC();

static async Task WaitForCtrlC()
{
    var done = new TaskCompletionSource();
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; done.TrySetResult(); };
    await done.Task;
}
