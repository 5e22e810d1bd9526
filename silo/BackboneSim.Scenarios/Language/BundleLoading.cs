using BackboneSim.Model.Scenario;

namespace BackboneSim.Scenarios;

/// <summary>
/// Packing a scenario into a <see cref="ScenarioBundle"/> and loading it back, the same on the client and on every
/// silo. Extension members, because the bundle itself is a plain message of the model that knows no YAML.
/// </summary>
public static class BundleLoading
{
    extension(ScenarioBundle bundle)
    {
        /// <summary>
        /// Read a scenario from disk (validating it) and package it with its includes. Bad <paramref name="injects"/>
        /// throw an <see cref="ArgumentException"/> saying which; a bad what-if a <see cref="ScenarioLoadException"/>
        /// located in the what-if's text.
        /// </summary>
        public static (ScenarioDefinition Scenario, ScenarioBundle Bundle) FromDisk(string path, long? seed, IReadOnlyList<string>? injects = null,
            IReadOnlyList<WhatIf>? whatIfs = null)
        {
            var files = new DiskScenarioFiles();
            var scenario = ScenarioLoader.Load(path, files);
            if (seed is { } s) scenario = scenario.WithSeed(s);
            scenario = InjectFiring.Fire(scenario, injects ?? []);
            scenario = WhatIf.ApplyAll(scenario, whatIfs ?? []);
            return (scenario, files.ToBundle(path, seed, injects, whatIfs));
        }

        /// <summary>Load the scenario this bundle carries; the same definition the client loaded.</summary>
        public ScenarioDefinition Load()
        {
            var scenario = ScenarioLoader.Load(bundle.MainPath, bundle);
            if (bundle.Seed is { } s) scenario = scenario.WithSeed(s);
            return WhatIf.ApplyAll(InjectFiring.Fire(scenario, bundle.Injects), bundle.WhatIfs);
        }
    }

    extension(WhatIf)
    {
        public static ScenarioDefinition ApplyAll(ScenarioDefinition scenario, IReadOnlyList<WhatIf> whatIfs)
            => whatIfs.Aggregate(scenario, (s, w) => WhatIfReader.Apply(s, w.Yaml, w.ForkMs));
    }
}
