using Orleans.Runtime;

namespace BackboneSim.Abstractions;

/// <summary>Which failures of a grain call mean "a silo went away" (worth waiting and retrying), not a bug.</summary>
public static class SiloLoss
{
    /// <summary>
    /// A call fails like this while a silo is dying: its connections drop (message rejections, silo unavailable),
    /// calls time out until membership declares it dead, and afterwards a grain it hosted comes back empty. Model
    /// errors are never Orleans exceptions, so they are not retried.
    /// </summary>
    public static bool IsTransient(Exception error) => error switch
    {
        AggregateException { InnerExceptions.Count: 1 } a => IsTransient(a.InnerExceptions[0]),
        GrainStateLostException or TimeoutException or OrleansException => true,
        _ => false,
    };

    public static bool IsStateLost(Exception error) => error switch
    {
        AggregateException { InnerExceptions.Count: 1 } a => IsStateLost(a.InnerExceptions[0]),
        GrainStateLostException => true,
        _ => false,
    };
}
