using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace BackboneSim.Web.Tests;

/// <summary>
/// The owner tokens of the runs this suite started: remembered from the 201 of POST /api/runs and of forks (and from
/// a page that started a run, <see cref="TestPages.StartFromPageAsync"/>), and sent with every later request for
/// that run, so that tests control and end their own runs as a browser that started them does. A test that wants
/// to be a stranger uses a client without this handler, or another run.
/// </summary>
public sealed partial class RunOwnerTokens : DelegatingHandler
{
    public const string Header = "X-Run-Owner";
    public static ConcurrentDictionary<string, string> Tokens { get; } = new(StringComparer.Ordinal);

    [GeneratedRegex("^/api/runs/([0-9a-f]{32})")]
    private static partial Regex RunPath();

    public RunOwnerTokens() : base(new HttpClientHandler()) { }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        if (RunPath().Match(path) is { Success: true } m && Tokens.TryGetValue(m.Groups[1].Value, out var token)
            && !request.Headers.Contains(Header) && request.Headers.Authorization is null)
            request.Headers.Add(Header, token);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Created && path.StartsWith("/api/runs", StringComparison.Ordinal))
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement;
            if (created.TryGetProperty("ownerToken", out var owner)) Tokens[created.GetProperty("id").GetString()!] = owner.GetString()!;
        }
        return response;
    }
}
