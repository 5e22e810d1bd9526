using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace BackboneSim.Bench.Web;

/// <summary>What one simulated learner received over the hub, for the parent bench to check.</summary>
public sealed record LearnerReceipt(long Received, bool Contiguous, string Hash, int Messages, long Bytes, int SessionMessages);

/// <summary>
/// One learner's hub connection, joined exactly as the page joins (live.ts): <c>JoinSession(sessionId, token)</c> on
/// /hubs/runs, then <c>batch</c> messages with the run's status and a page of the events released since the last
/// one, and <c>session</c> messages. It keeps what a page would need to check: event ids 1..N with no gap, a hash of
/// every event as sent (its JSON text, as the REST events endpoint also serves it), and when each batch arrived
/// against the status's releasedAt.
/// </summary>
public sealed class SimulatedLearner : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly List<(string Batch, double Ms)> _latencies = [];
    private readonly object _gate = new();
    private long _received;
    private bool _contiguous = true;
    private int _messages, _sessionMessages;
    private long _bytes;

    public SimulatedLearner(string url)
    {
        _connection = new HubConnectionBuilder().WithUrl(url + "/hubs/runs").Build();
        _connection.On<JsonElement>("batch", OnBatch);
        _connection.On<JsonElement>("session", v => { lock (_gate) { _sessionMessages++; _bytes += Encoding.UTF8.GetByteCount(v.GetRawText()); } });
    }

    public long Received { get { lock (_gate) return _received; } }

    public async Task JoinAsync(string sessionId, string token)
    {
        await _connection.StartAsync();
        await _connection.InvokeAsync<JsonElement>("JoinSession", sessionId, token);
    }

    private void OnBatch(JsonElement batch)
    {
        var arrived = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        lock (_gate)
        {
            _messages++;
            _bytes += Encoding.UTF8.GetByteCount(batch.GetRawText());
            if (!batch.TryGetProperty("page", out var page) || page.ValueKind != JsonValueKind.Object) return;
            var releasedAt = batch.GetProperty("status").GetProperty("releasedAt").GetInt64();
            _latencies.Add(($"{releasedAt}:{page.GetProperty("from").GetInt64()}", arrived - releasedAt)); // a batch's key: the same for every learner
            foreach (var e in page.GetProperty("events").EnumerateArray())
            {
                var id = e.GetProperty("id").GetInt64();
                if (id <= _received) continue; // held already (the page skips these too)
                if (id != _received + 1) _contiguous = false; // a gap the page would have to fill from the REST API
                _received = id;
                _hash.AppendData(Encoding.UTF8.GetBytes(e.GetRawText() + "\n"));
            }
        }
    }

    /// <summary>The receipt, and each batch's fan-out latency keyed by the batch (its release instant and first event).</summary>
    public (LearnerReceipt Receipt, IReadOnlyList<(string Batch, double Ms)> Latencies) Result()
    {
        lock (_gate)
            return (new LearnerReceipt(_received, _contiguous, Convert.ToHexString(_hash.GetCurrentHash()), _messages, _bytes, _sessionMessages), _latencies.ToList());
    }

    /// <summary>The hash the learners' must equal: the same events' JSON text, one per line, from the REST API.</summary>
    public static async Task<(long Count, string Hash)> ReferenceAsync(IAsyncEnumerable<JsonElement> events)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long count = 0;
        await foreach (var e in events)
        {
            count++;
            hash.AppendData(Encoding.UTF8.GetBytes(e.GetRawText() + "\n"));
        }
        return (count, Convert.ToHexString(hash.GetCurrentHash()));
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        _hash.Dispose();
    }
}
