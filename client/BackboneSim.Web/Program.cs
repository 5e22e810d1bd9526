using BackboneSim.Web.Hosting;

// `dotnet run --project client/BackboneSim.Web`: the web client with a co-hosted silo on http://127.0.0.1:5080.
var app = WebHost.Build(args);
await app.StartAsync();
foreach (var url in WebHost.Addresses(app)) Console.WriteLine($"BackboneSim web client: {url}  (Ctrl+C to stop)");
await app.WaitForShutdownAsync();
