using StackExchange.Redis;

namespace BackboneSim.Silo.Clustering;

/// <summary>Recognises a Redis failure inside Orleans' start-up exceptions and says it in one line.</summary>
internal static class RedisFailure
{
    public static RedisException? Find(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is RedisException redis) return redis;
            if (e is AggregateException agg) return agg.InnerExceptions.Select(Find).FirstOrDefault(r => r is not null);
        }
        return null;
    }

    /// <summary>StackExchange.Redis' own message advises a connection-string flag, which is not what a user here needs.</summary>
    public static string Describe(ClusterAddress address, RedisException failure) => failure is RedisConnectionException { FailureType: var type }
        ? type == ConnectionFailureType.AuthenticationFailure
            ? $"Redis at {address} refused the connection ({type}): check the password in --cluster"
            : $"cannot reach Redis at {address} ({type}): is redis-server running there, and reachable from this machine?"
        : $"Redis at {address} failed: {failure.Message}";
}
