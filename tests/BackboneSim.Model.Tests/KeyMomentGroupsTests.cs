using BackboneSim.Analysis.Observation;
using BackboneSim.Model.Scenario;

namespace BackboneSim.Model.Tests;

/// <summary>Repeated key moments fold into one line with a count and a time range; the story's order stays.</summary>
public class KeyMomentGroupsTests
{
    private static KeyMoment M(long ms, string what, string kind) => new(ms, what, ms, kind);

    [Fact]
    public void A_crash_loop_is_one_line_per_kind_with_its_count_and_last_time()
    {
        var moments = new List<KeyMoment> { M(0, "action 'push' starts", "scenario.action#1") };
        for (var i = 0; i < 196; i++)
        {
            moments.Add(M(1000 + i * 100, "r1's control plane fails: 900 paths, capacity 800", "router.control_plane_failed"));
            moments.Add(M(1050 + i * 100, "r1's control plane is back after a reboot", "router.control_plane_recovered"));
        }
        moments.Add(M(90_000, "facebook.com back for every user", "service.availability:facebook.com back for every user"));

        var lines = KeyMomentGroups.Group(moments);

        Assert.Equal(4, lines.Count);
        Assert.Equal((1, false), (lines[0].Count, lines[0].Grouped));
        Assert.Equal((196, 1000L, 1000L + 195 * 100), (lines[1].Count, lines[1].First.Ms, lines[1].LastMs));
        Assert.Equal("r1's control plane fails: 900 paths, capacity 800 (196 times, the last at 00:20)", lines[1].Text("00:20"));
        Assert.Equal((196, 1050L), (lines[2].Count, lines[2].First.Ms));
        Assert.Equal("facebook.com back for every user", lines[3].Text("x"));
    }

    [Fact]
    public void Different_texts_of_one_kind_say_how_many_more_and_few_repeats_stay_apart()
    {
        var moments = new List<KeyMoment>
        {
            M(1, "max-prefix limit trips at a", "bgp.max_prefix_exceeded"), M(2, "max-prefix limit trips at b", "bgp.max_prefix_exceeded"),
            M(3, "max-prefix limit trips at c", "bgp.max_prefix_exceeded"), M(4, "max-prefix limit trips at d", "bgp.max_prefix_exceeded"),
            M(5, "site x loses power", "site.power_lost"), M(6, "site y loses power", "site.power_lost"),
        };
        var lines = KeyMomentGroups.Group(moments);
        Assert.Equal(["max-prefix limit trips at a, and 3 more like it until T", "site x loses power", "site y loses power"],
            lines.Select(l => l.Text("T")));
        Assert.Equal(lines, KeyMomentGroups.Group(moments)); // a pure function: same moments, same lines
    }

    [Fact]
    public void Swapped_neighbours_are_one_edit_for_suggestions()
    {
        Assert.Equal(1, Suggestions.Distance("unitl", "until"));
        Assert.Equal(" — did you mean '--until'?", Suggestions.DidYouMean("--unitl", ["--junit", "--until"]));
    }
}
