namespace BackboneSim.Model.Topology;

/// <summary>
/// One resolver cohort's own timing and background, as its topology entry writes them (<c>resolvers.public[]</c>, or
/// the access ISPs' <c>resolvers: { isp_... }</c>); what is left out (null) stays as <c>parameters:</c> says. Real
/// resolvers differ here: BIND and Unbound time out, retry and pick nameservers each their own way, and a public
/// resolver that validates DNSSEC answers SERVFAIL for names an ISP's non-validating resolver still answers.
/// </summary>
/// <param name="TimeoutMs"><c>timeout</c>: overrides <c>resolver_timeout</c>.</param>
/// <param name="Attempts"><c>attempts</c>: overrides <c>resolver_attempts</c>.</param>
/// <param name="GiveUpMs"><c>give_up</c>: overrides <c>resolver_give_up</c>.</param>
/// <param name="ServerSelection"><c>server_selection</c> (<c>ordered</c> or <c>rtt</c>): overrides <c>resolver_server_selection</c>.</param>
/// <param name="BaselineServfailRatio"><c>baseline_servfail_ratio</c>: overrides the parameter of that name.</param>
/// <param name="BaselineNxdomainRatio"><c>baseline_nxdomain_ratio</c>: overrides the parameter of that name.</param>
public sealed record ResolverSettings(long? TimeoutMs = null, int? Attempts = null, long? GiveUpMs = null, string? ServerSelection = null,
    double? BaselineServfailRatio = null, double? BaselineNxdomainRatio = null)
{
    /// <summary>Nothing of its own: every value as <c>parameters:</c> says.</summary>
    public static readonly ResolverSettings None = new();
}
