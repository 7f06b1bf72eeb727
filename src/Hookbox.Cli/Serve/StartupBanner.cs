using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Hookbox.Cli;

/// <summary>What <c>hookbox serve</c> prints once it listens: where to POST, and how to send a signed test event.</summary>
internal static class StartupBanner
{
    public static void Print(TextWriter output, IServer server, HookboxOptions options, string inbox, bool developmentSource)
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses.ToArray() ?? [];
        var baseUrl = LocalUrl.For(addresses.FirstOrDefault() ?? LocalUrl.Default);

        output.WriteLine();
        output.WriteLine($"Hookbox is listening on {string.Join(", ", addresses)}");
        output.WriteLine($"  inbox:   {inbox}");
        foreach (var (name, source) in options.Sources)
            output.WriteLine($"  source:  POST {baseUrl}/webhooks/{name}   ({source.Scheme ?? name}, {source.Secrets.Count} secret{(source.Secrets.Count == 1 ? "" : "s")})");

        output.WriteLine($"  events:  GET  {baseUrl}/api/events");
        output.WriteLine($"  metrics: GET  {baseUrl}/metrics");
        output.WriteLine($"  dashboard:    {baseUrl}/");
        if (options.Admin.Token is null && addresses.Any(a => !IsLoopback(a)))
        {
            output.WriteLine();
            output.WriteLine("Hookbox:Admin:Token is not set, so the events API and /metrics answer this machine only (and not through a proxy); set it to use them from elsewhere.");
        }

        if (developmentSource)
        {
            output.WriteLine();
            output.WriteLine($"No source was configured, so a sample 'pocketsflow' source is running with a secret generated in {DevelopmentSecret.PathIn(options.DataDirectory)}.");
            output.WriteLine("Set POCKETSFLOW_WEBHOOK_SECRET to the secret Pocketsflow shows to receive real deliveries.");
        }

        if (options.Sources.ContainsKey(SchemeNames.Pocketsflow))
        {
            output.WriteLine();
            output.WriteLine("Send a signed test event from another terminal:");
            output.WriteLine($"  dotnet run --project src/Hookbox.Cli -- send order.completed --url {baseUrl}");
        }

        output.WriteLine();
    }

    // Wildcards (http://+:80, http://[::]:80, http://0.0.0.0:80) are not loopback: they listen everywhere.
    private static bool IsLoopback(string address) => Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.IsLoopback;
}
