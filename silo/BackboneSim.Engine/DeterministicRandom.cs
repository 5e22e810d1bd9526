namespace BackboneSim.Engine;

/// <summary>
/// xoshiro256** seeded through SplitMix64. Hand-written rather than System.Random so that a timeline never depends
/// on the .NET version's generator, and so its four words of state can be saved in a keyframe.
/// </summary>
public sealed class DeterministicRandom
{
    private ulong _s0, _s1, _s2, _s3;

    public DeterministicRandom(ulong seed)
    {
        var x = seed;
        _s0 = SplitMix(ref x); _s1 = SplitMix(ref x); _s2 = SplitMix(ref x); _s3 = SplitMix(ref x);
    }

    /// <summary>The generator of one node: seeded from (scenario seed, node name), never from the node's index alone.</summary>
    public static DeterministicRandom ForNode(long scenarioSeed, string nodeName)
    {
        // FNV-1a over the name keeps the stream stable if unrelated nodes are added to the topology.
        ulong h = 14695981039346656037UL;
        foreach (var c in nodeName) { h ^= c; h *= 1099511628211UL; }
        return new DeterministicRandom(h ^ (ulong)scenarioSeed * 0x9E3779B97F4A7C15UL);
    }

    private static ulong SplitMix(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        var z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0; _s3 ^= _s1; _s1 ^= _s2; _s0 ^= _s3; _s2 ^= t; _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [minInclusive, maxExclusive).</summary>
    public long NextLong(long minInclusive, long maxExclusive)
    {
        if (maxExclusive <= minInclusive) return minInclusive;
        var range = (ulong)(maxExclusive - minInclusive);
        return minInclusive + (long)(NextUInt64() % range);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
