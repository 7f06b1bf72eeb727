using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Bench.Abuse;

/// <summary>
/// Correctly signed deliveries at a steady rate from 127.0.0.2, each a new event, over a few
/// keep-alive connections, with a 5-second timeout (Pocketsflow's own). Reports how many were
/// accepted and the latency of each, from the moment it was sent.
/// </summary>
internal static class SignedSenders
{
    public static async Task<string> RunAsync(Uri url, string secret, int perSecond, TimeSpan duration, CancellationToken cancellationToken)
    {
        using var client = Deliveries.ClientFrom(IPAddress.Parse("127.0.0.2"), 16, TimeSpan.FromSeconds(5));
        var latencies = new ConcurrentBag<double>();
        var statuses = new ConcurrentDictionary<string, int>();
        var runId = Guid.NewGuid().ToString("N")[..8];
        var total = (int)(perSecond * duration.TotalSeconds);
        var clock = Stopwatch.StartNew();
        var inFlight = new List<Task>(total);
        for (var i = 0; i < total && !cancellationToken.IsCancellationRequested; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / perSecond);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);

            var body = Deliveries.Body($"{runId}-{i:D7}");
            inFlight.Add(SendAsync(client, Deliveries.Signed(url, secret, body), latencies, statuses));
        }

        await Task.WhenAll(inFlight).ConfigureAwait(false);
        var sorted = latencies.Order().ToArray();
        var ok = statuses.GetValueOrDefault("200");
        return string.Create(CultureInfo.InvariantCulture,
            $"RESULT mode=senders sent={inFlight.Count} ok={ok} success_pct={100.0 * ok / Math.Max(1, inFlight.Count):0.00} " +
            $"p50_ms={Percentile(sorted, 0.50):0.00} p99_ms={Percentile(sorted, 0.99):0.00} max_ms={(sorted.Length > 0 ? sorted[^1] : 0):0.00} " +
            $"statuses={string.Join(',', statuses.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}:{s.Value}"))}");
    }

    private static async Task SendAsync(HttpClient client, HttpRequestMessage request, ConcurrentBag<double> latencies, ConcurrentDictionary<string, int> statuses)
    {
        var started = Stopwatch.GetTimestamp();
        string status;
        try
        {
            using (request)
            using (var response = await client.SendAsync(request).ConfigureAwait(false))
            {
                await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            }

            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            status = ex is TaskCanceledException ? "timeout" : "error";
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
