namespace BackboneSim.Model.Scenario;

/// <summary>One audit rule's finding on a change: whether it would block it, and why.</summary>
public sealed record AuditFinding(string Rule, bool Blocks, string Detail);

/// <summary>
/// A safety gate on a push (<c>gate:</c>): an audit that reviews the change before it goes out. Its findings are
/// worked out when the scenario is loaded, from the change and the network's design (as audit tools work from the
/// inventory). A faulty audit (<see cref="Faulty"/>) passes the change whatever its rules find — the bug that let
/// Facebook's 2021 command through.
/// </summary>
public sealed record SafetyGate(string Audit, bool Faulty, IReadOnlyList<AuditFinding> Findings)
{
    public bool WouldBlock => Findings.Any(f => f.Blocks);
    public bool Passes => Faulty || !WouldBlock;

    public string Describe()
    {
        var blocking = Findings.Where(f => f.Blocks).Select(f => f.Rule).ToList();
        return $"audit '{Audit}' " + (Passes ? "passes" : "blocks") + " it" +
               (blocking.Count == 0 ? "" : Faulty ? $" (faulty: {string.Join(", ", blocking)} should have blocked it)" : $" ({string.Join(", ", blocking)})");
    }
}
