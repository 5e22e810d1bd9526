namespace BackboneSim.Silo.Clustering;

/// <summary>The cluster a host was pointed at cannot be reached: Redis does not answer, or no silo is active in it.</summary>
public sealed class ClusterUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
