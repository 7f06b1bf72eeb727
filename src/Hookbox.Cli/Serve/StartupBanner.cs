using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Hookbox.Cli;

/// <summary>What <c>hookbox serve</c> prints once it listens: where to POST, and how to send a signed test event.</summary>
internal static class StartupBanner
{
    // tokenFile: where the generated admin token is kept, null when Hookbox:Admin:Token is set; the token itself is never printed.
    public static void Print(TextWriter output, IServer server, HookboxOptions options, string inbox, bool developmentSource, string? tokenFile)
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
        output.WriteLine();
        if (tokenFile is not null)
            output.WriteLine($"The API, /metrics and the dashboard want the admin token kept in {tokenFile} (Hookbox:Admin:Token is not set).");
        else
            output.WriteLine("The API, /metrics and the dashboard want the admin token: Hookbox:Admin:Token.");

        output.WriteLine("  'hookbox dashboard' prints a link that signs in; the CLI finds the token by itself.");
        if (options.Admin.AllowLocalWithoutToken)
            output.WriteLine("  Hookbox:Admin:AllowLocalWithoutToken is true: loopback clients need no token. For development only.");

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
}
