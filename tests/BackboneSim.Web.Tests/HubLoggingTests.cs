using BackboneSim.Web.Live;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BackboneSim.Web.Tests;

/// <summary>Issue 14 item 11: a hub caller's ordinary mistakes are the caller's, logged at debug once per connection.</summary>
public sealed class HubLoggingTests
{
    [Fact]
    public async Task Hub_callers_mistakes_are_logged_at_debug_once_per_connection_without_a_stack_trace()
    {
        var logs = new CapturedLogs();
        await using var host = await OwnWebHost.StartAsync([$"--Logging:LogLevel:{typeof(HubCallerMistakes).FullName}=Debug"],
            services => services.AddSingleton<ILoggerProvider>(logs));
        var connection = new HubConnectionBuilder().WithUrl(host.Url + RunHub.Path).Build();
        await connection.StartAsync();
        try
        {
            for (var i = 0; i < 20; i++)
            {
                var refused = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<object>("Join", "0123456789abcdef0123456789abcdef"));
                Assert.Contains("no run with that id", refused.Message);
            }
            await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<object>("JoinSession", "0123456789abcdef0123456789abcdef", "guess"));
            await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<object>("Join", "../../etc/passwd"));
        }
        finally { await connection.DisposeAsync(); }

        var loud = logs.Entries.Where(e => e.Level >= LogLevel.Warning).ToList();
        Assert.True(loud.Count == 0, "logged above debug:\n" + string.Join("\n", loud.Select(e => $"{e.Level} {e.Category}: {e.Message} {e.Exception}")));
        var mistake = Assert.Single(logs.Entries, e => e.Category == typeof(HubCallerMistakes).FullName);
        Assert.Equal(LogLevel.Debug, mistake.Level);
        Assert.Null(mistake.Exception);
        Assert.Contains("no run with that id", mistake.Message);
    }
}
