using System.CommandLine;
using System.Net.Http.Headers;
using System.Text;

namespace Hookbox.Cli;

/// <summary>
/// <c>hookbox send &lt;event-type&gt;</c>: signs a sample event exactly as the source's sender
/// does (Pocketsflow, Stripe, GitHub, Standard Webhooks, or the source's own hmac settings) and
/// POSTs it to a running Hookbox, printing the answer.
/// </summary>
internal static class SendCommand
{
    public static Command Create()
    {
        var eventType = new Argument<string>("event-type")
        {
            Description = "The event type, such as order.completed (the sample payloads are Pocketsflow's)",
        };
        var url = new Option<string?>("--url") { Description = "Hookbox's address (default: ASPNETCORE_URLS, else http://localhost:5000)" };
        var source = new Option<string>("--source") { Description = "The source to post to", DefaultValueFactory = _ => SchemeNames.Pocketsflow };
        var secret = new Option<string?>("--secret") { Description = $"The signing secret (default: --secret-file, {CliSecrets.EnvironmentVariable}, the source's configured secret, else the generated one)" };
        var secretFile = CliSecrets.FileOption();
        var body = new Option<FileInfo?>("--body") { Description = "Send this file's bytes as the body instead of the sample" };

        var command = new Command("send", "Sign a sample event as the source's sender does and POST it to Hookbox")
        {
            eventType, url, source, secret, secretFile, body,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((result, cancellationToken) => RunAsync(
            result.GetValue(eventType)!, // required argument: the parser refuses a call without it
            result.GetValue(url),
            result.GetValue(source)!, // has a default value
            result.GetValue(secret),
            result.GetValue(secretFile),
            result.GetValue(body),
            [.. result.UnmatchedTokens],
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        string eventType, string? url, string sourceName, string? secretOption, string? secretFile, FileInfo? bodyFile, string[] configArgs, CancellationToken cancellationToken)
    {
        var (given, secretError) = CliSecrets.Read(secretOption is null ? [] : [secretOption], secretFile);
        if (secretError is not null)
        {
            Console.Error.WriteLine(secretError);
            return 1;
        }

        if (bodyFile is null && !SampleEvents.IsKnown(eventType))
        {
            Console.Error.WriteLine($"No sample for '{eventType}'. Known types: {string.Join(", ", SampleEvents.Types)}; or pass --body <file>.");
            return 1;
        }

        var (configuration, options) = CliConfiguration.Load(configArgs);

        var sourceOptions = options.Sources.GetValueOrDefault(sourceName);
        var secret = (given.Count > 0 ? given[0] : null)
                   ?? sourceOptions?.Secrets.FirstOrDefault()
                   ?? (sourceName == SchemeNames.Pocketsflow ? DevelopmentSecret.TryRead(options.DataDirectory) : null);
        if (string.IsNullOrEmpty(secret))
        {
            Console.Error.WriteLine($"No secret for source '{sourceName}': pass --secret or --secret-file, set {CliSecrets.EnvironmentVariable} or POCKETSFLOW_WEBHOOK_SECRET, or run 'hookbox serve' once to generate one in {options.DataDirectory}.");
            return 1;
        }

        // The configuration was loaded for this command alone: the source signs with the one
        // secret chosen, and validates as 'hookbox serve' would, so what is signed is what it checks.
        // A source nobody configured is taken for what its name says, else for Pocketsflow's.
        sourceOptions ??= new SourceOptions { Scheme = SchemeNames.All.Contains(sourceName.ToLowerInvariant()) ? sourceName : SchemeNames.Pocketsflow };
        sourceOptions.Secrets.Clear();
        sourceOptions.Secrets.Add(secret);
        var errors = new List<string>();
        if (WebhookSourceFactory.TryCreate(sourceName, sourceOptions, errors) is not { } source)
        {
            Console.Error.WriteLine($"Cannot sign for source '{sourceName}': {string.Join(Environment.NewLine, errors)}");
            return 1;
        }

        var scheme = WebhookSchemes.Find(source.SchemeName)!; // a source is only built for a known scheme
        var now = TimeProvider.System.GetUtcNow();
        var eventId = scheme.NewEventId();
        var bytes = bodyFile is null
            ? Encoding.UTF8.GetBytes(scheme.SampleBody(SampleEvents.Payload(eventType), eventId, eventType, now).ToJsonString())
            : await File.ReadAllBytesAsync(bodyFile.FullName, cancellationToken);
        var headers = scheme.Sign(sourceOptions, secret, new OutgoingWebhook(bytes, eventId, eventType, now));

        var baseUrl = CliConfiguration.BaseUrl(url, configuration);
        var target = new Uri($"{baseUrl}/webhooks/{Uri.EscapeDataString(sourceName)}");
        using var request = new HttpRequestMessage(HttpMethod.Post, target);
        request.Content = new ByteArrayContent(bytes);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in headers)
            request.Headers.Add(name, value);

        Console.WriteLine($"POST {target}  {eventType}  ({bytes.Length} bytes, signed)");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var answer = await response.Content.ReadAsStringAsync(cancellationToken);
            Console.WriteLine($"{(int)response.StatusCode} {answer}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (HttpRequestException ex)
        {
            Console.Error.WriteLine($"Could not reach Hookbox at {baseUrl}: {ex.Message}. Is 'hookbox serve' running?");
            return 1;
        }
    }
}
