namespace BackboneSim.Model.DataPlane;

/// <summary>
/// The Flowspec rules (RFC 8955) every router's forwarding hardware applies to the packets arriving at it, and the
/// policers of its traffic-rate rules (§7.1). A rate rule is one policer per router, shared by all the traffic that
/// meets that rule there (first match, <see cref="FlowspecRules.First"/>); a policer is numbered below zero (and above
/// <see cref="Discard"/>) so it can stand beside the link directions as one more resource with a capacity
/// (<see cref="Nodes.StrictPriorityLinks"/>). Numbers are never reused while the run lasts: a path walked earlier keeps
/// meaning the policer it named.
/// </summary>
public sealed class FlowspecTable
{
    /// <summary>No rule matches: the packets go on.</summary>
    public const int Pass = 0;
    /// <summary>A discard rule (rate 0) matches: the packets are dropped.</summary>
    public const int Discard = int.MinValue;

    private readonly Dictionary<int, FlowspecRule[]> _rules = new();
    /// <summary>Per router, the policer number of each of its rate rules, in its rules' order (0 for a discard rule).</summary>
    private readonly Dictionary<int, int[]> _policerOf = new();
    private readonly Dictionary<(int Router, string Key), int> _numbers = new();
    private readonly Dictionary<int, double> _rates = new();
    private int _next = -1;

    /// <summary>Whether any router has rules (when none has, nothing is checked anywhere).</summary>
    public bool Any => _rules.Count > 0;

    /// <summary>Whether a router has rules.</summary>
    public bool Has(int router) => _rules.ContainsKey(router);

    /// <summary>The rules a router applies now, in order (empty: none).</summary>
    public IReadOnlyList<FlowspecRule> Of(int router) => _rules.GetValueOrDefault(router) ?? [];

    /// <summary>A router's hardware now applies these rules (in the order given, <see cref="FlowspecRules.InOrder"/>),
    /// replacing what it applied; none: it applies none.</summary>
    public void Install(int router, IReadOnlyList<FlowspecRule> rules)
    {
        if (_policerOf.TryGetValue(router, out var old))
            foreach (var policer in old) _rates.Remove(policer);
        if (rules.Count == 0) { _rules.Remove(router); _policerOf.Remove(router); return; }
        var installed = rules.ToArray();
        var policers = new int[installed.Length];
        for (var i = 0; i < installed.Length; i++)
        {
            if (installed[i].Discards) continue;
            if (!_numbers.TryGetValue((router, installed[i].Key), out var number)) _numbers[(router, installed[i].Key)] = number = _next--;
            policers[i] = number;
            // Two rules with the same NLRI: the first one met is the one that acts.
            _rates.TryAdd(number, installed[i].RateGbps);
        }
        _rules[router] = installed;
        _policerOf[router] = policers;
    }

    /// <summary>What <paramref name="router"/> does to a packet arriving there: <see cref="Pass"/>,
    /// <see cref="Discard"/>, or the number of the policer it crosses (&lt; 0).</summary>
    public int Action(int router, in PacketSignature packet)
    {
        if (!_rules.TryGetValue(router, out var rules)) return Pass;
        for (var i = 0; i < rules.Length; i++)
            if (rules[i].Matches(packet)) return rules[i].Discards ? Discard : _policerOf[router][i];
        return Pass;
    }

    /// <summary>Whether a number is a policer's (not <see cref="Pass"/>, not <see cref="Discard"/>, not a link).</summary>
    public static bool IsPolicer(int number) => number < 0 && number != Discard;

    /// <summary>A policer's rate in Gbps (infinite for a number no rule has now).</summary>
    public double Rate(int policer) => _rates.TryGetValue(policer, out var rate) ? rate : double.PositiveInfinity;
}
