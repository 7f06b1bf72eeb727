using System.CommandLine;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Hookbox.Cli;

/// <summary>
/// <c>hookbox send &lt;event-type&gt;</c>: signs a sample Pocketsflow event exactly as Pocketsflow
/// does and POSTs it to a running Hookbox, printing the answer.
/// </summary>
internal static class SendCommand
{
    public static Command Create()
    {
        var eventType = new Argument<string>("event-type")
        {
            Description = "The Pocketsflow event type, such as order.completed",
        };
        var url = new Option<string?>("--url") { Description = "Hookbox's address (default: ASPNETCORE_URLS, else http://localhost:5000)" };
        var source = new Option<string>("--source") { Description = "The source to post to", DefaultValueFactory = _ => SchemeNames.Pocketsflow };
        var secret = new Option<string?>("--secret") { Description = $"The signing secret (default: --secret-file, {CliSecrets.EnvironmentVariable}, the source's configured secret, else the generated one)" };
        var secretFile = CliSecrets.FileOption();
        var body = new Option<FileInfo?>("--body") { Description = "Send this file's bytes as the body instead of the sample" };

        var command = new Command("send", "Sign a sample Pocketsflow event and POST it to Hookbox")
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
        var scheme = sourceOptions?.Scheme ?? sourceName;
        if (sourceOptions is not null && !scheme.Equals(SchemeNames.Pocketsflow, StringComparison.OrdinalIgnoreCase))
        {
            Console.Error.WriteLine($"Source '{sourceName}' uses the {scheme} scheme; 'send' signs Pocketsflow deliveries only.");
            return 1;
        }

        var secret = (given.Count > 0 ? given[0] : null)
                   ?? sourceOptions?.Secrets.FirstOrDefault()
                   ?? (sourceName == SchemeNames.Pocketsflow ? DevelopmentSecret.TryRead(options.DataDirectory) : null);
        if (string.IsNullOrEmpty(secret))
        {
            Console.Error.WriteLine($"No secret for source '{sourceName}': pass --secret or --secret-file, set {CliSecrets.EnvironmentVariable} or POCKETSFLOW_WEBHOOK_SECRET, or run 'hookbox serve' once to generate one in {options.DataDirectory}.");
            return 1;
        }

        var bytes = bodyFile is null ? Encoding.UTF8.GetBytes(SampleEvents.Create(eventType)) : await File.ReadAllBytesAsync(bodyFile.FullName, cancellationToken);
        var rawTimestamp = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var signedContent = sourceOptions?.SignedTimestamp == true ? [.. Encoding.UTF8.GetBytes(rawTimestamp + "."), .. bytes] : bytes;
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signedContent));

        var baseUrl = CliConfiguration.BaseUrl(url, configuration);
        var target = new Uri($"{baseUrl}/webhooks/{Uri.EscapeDataString(sourceName)}");
        using var request = new HttpRequestMessage(HttpMethod.Post, target);
        request.Content = new ByteArrayContent(bytes);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Pocketsflow-Signature", signature);
        request.Headers.Add("X-Pocketsflow-Event", eventType);
        request.Headers.Add("X-Pocketsflow-Timestamp", rawTimestamp);

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
