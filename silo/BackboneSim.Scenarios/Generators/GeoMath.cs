using BackboneSim.Model.Topology;

namespace BackboneSim.Scenarios.Generators;

/// <summary>Distances and fibre delays between sites.</summary>
public static class GeoMath
{
    private const double EarthRadiusKm = 6371.0;

    /// <summary>Light in fibre covers about 200 km per ms (refractive index ~1.47).</summary>
    public const double FibreKmPerMs = 200.0;

    /// <summary>Fibre routes are longer than great circles; 1.5x is a common rule of thumb for long-haul paths.</summary>
    public const double RouteFactor = 1.5;

    public static double DistanceKm(double lat1, double lon1, double lat2, double lon2)
    {
        static double Rad(double d) => d * Math.PI / 180.0;
        var dLat = Rad(lat2 - lat1);
        var dLon = Rad(lon2 - lon1);
        var a = Math.Sin(dLat / 2) * Math.Sin(dLat / 2) +
                Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    public static double DistanceKm(Site a, Site b) => DistanceKm(a.Lat, a.Lon, b.Lat, b.Lon);

    /// <summary>One-way propagation delay of a fibre path between two sites, at least 0.1 ms.</summary>
    public static double FibreLatencyMs(Site a, Site b) => Math.Max(0.1, DistanceKm(a, b) * RouteFactor / FibreKmPerMs);
}
