using Microsoft.AspNetCore.SignalR;

namespace BackboneSim.Web.Live;

/// <summary>
/// A hub caller's mistake (an unknown run, a wrong token: a <see cref="HubException"/>) is the caller's business, not
/// the host's: it is logged at debug, once per connection, without a stack trace, so no client can flood the host's
/// log. SignalR's own dispatcher would log each at error with a stack trace; WebHost silences it and this filter logs
/// what is left, a real failure of the host, at error.
/// </summary>
public sealed class HubCallerMistakes(ILogger<HubCallerMistakes> log) : IHubFilter
{
    /// <summary>The logger category whose per-call error logs this filter replaces.</summary>
    public const string DispatcherCategory = "Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher";
    private const string LoggedKey = "backbonesim.mistake-logged";

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try { return await next(invocation); }
        catch (HubException ex)
        {
            if (invocation.Context.Items.TryAdd(LoggedKey, true) && log.IsEnabled(LogLevel.Debug))
                log.LogDebug("Hub caller {Connection} called {Method}: {Message} (later mistakes of this connection are not logged)",
                    invocation.Context.ConnectionId, invocation.HubMethodName, ex.Message);
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogError(ex, "Hub method {Method} failed", invocation.HubMethodName);
            throw;
        }
    }
}
