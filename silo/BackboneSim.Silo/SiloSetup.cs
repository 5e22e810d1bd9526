using BackboneSim.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace BackboneSim.Silo;

public static class SiloSetup
{
    /// <summary>Everything a silo needs to host BackboneSim runs.</summary>
    public static ISiloBuilder AddBackboneSim(this ISiloBuilder silo)
    {
        silo.Services.AddSingleton<RunCatalog>();
        return silo;
    }
}
