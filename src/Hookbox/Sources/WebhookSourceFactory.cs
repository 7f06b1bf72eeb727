using System.Text;
using System.Text.RegularExpressions;

namespace Hookbox;

/// <summary>
/// Turns a source's options into a <see cref="WebhookSource"/>, or into messages naming each bad
/// key. Validation and construction are one code path, so what validates is what runs.
/// </summary>
internal static partial class WebhookSourceFactory
{
    public const int MaxBodyBytesLimit = 256 * 1024 * 1024;

    public static WebhookSource? TryCreate(string name, SourceOptions options, ICollection<string> errors)
    {
        var key = $"{HookboxOptions.SectionName}:Sources:{name}";
        var before = errors.Count;

        if (!SourceNamePattern().IsMatch(name))
            errors.Add($"{key}: the source name '{name}' must be letters, digits, '.', '_' or '-' (it is a URL segment)");

        var schemeName = (options.Scheme ?? (SchemeNames.All.Contains(name.ToLowerInvariant()) ? name : null))?.ToLowerInvariant();
        if (schemeName is null)
        {
            errors.Add($"{key}:Scheme is not set; use one of {string.Join(", ", SchemeNames.All)}");
            return null;
        }

        if (!SchemeNames.All.Contains(schemeName))
        {
            errors.Add($"{key}:Scheme '{options.Scheme}' is not a known scheme; use one of {string.Join(", ", SchemeNames.All)}");
            return null;
        }

        if (options.ToleranceSeconds < 0)
            errors.Add($"{key}:ToleranceSeconds must be 0 (no check) or more, not {options.ToleranceSeconds}");
        else if (options.ToleranceSeconds == 0 && !options.AllowNoTolerance)
            errors.Add($"{key}:ToleranceSeconds is 0, which turns the timestamp check off so a captured delivery can be replayed at any time; set it above 0 (default 300), or set {key}:AllowNoTolerance to true to mean it");

        if (options.MaxBodyBytes is <= 0 or > MaxBodyBytesLimit)
            errors.Add($"{key}:MaxBodyBytes must be between 1 and {MaxBodyBytesLimit}, not {options.MaxBodyBytes}");

        if (options.RateLimit is { } rateLimit)
        {
            if (!(rateLimit.PermitsPerSecond > 0 && rateLimit.PermitsPerSecond <= 1_000_000))
                errors.Add($"{key}:RateLimit:PermitsPerSecond must be more than 0 and at most 1000000, such as 50");

            if (rateLimit.Burst < 0)
                errors.Add($"{key}:RateLimit:Burst must be 0 (the default, one second's permits) or more, not {rateLimit.Burst}");
        }

        var keys = ReadKeys(key, schemeName, options, errors);
        var tolerance = TimeSpan.FromSeconds(Math.Max(0, options.ToleranceSeconds));
        if (options.SignedTimestamp && schemeName != SchemeNames.Pocketsflow)
            errors.Add($"{key}:SignedTimestamp applies to the pocketsflow scheme only; for hmac set SignedContent to '{{timestamp}}.{{body}}'");

        ISignatureScheme? scheme = schemeName switch
        {
            SchemeNames.Pocketsflow => new PocketsflowSignatureScheme(keys, options.SignedTimestamp, tolerance),
            SchemeNames.StandardWebhooks => new StandardWebhooksSignatureScheme(keys, tolerance),
            SchemeNames.Stripe => new StripeSignatureScheme(keys, tolerance),
            SchemeNames.GitHub => new GitHubSignatureScheme(keys),
            _ => ReadHmacSettings(key, options, errors) is { } settings ? new HmacSignatureScheme(keys, settings, tolerance) : null,
        };

        var envelope = ReadEnvelope(key, schemeName, options, errors);
        if (options.ExpectEventsWithin is { } expect && (expect < TimeSpan.FromMinutes(1) || expect > TimeSpan.FromDays(30)))
            errors.Add($"{key}:ExpectEventsWithin must be between 00:01:00 and 30.00:00:00, such as 06:00:00, not {expect}");

        if (options.CatchUp is { } catchUp)
            CatchUpSettings.Validate($"{key}:CatchUp", schemeName, catchUp, errors);

        // The stored source name is lower case, so renaming Pocketsflow to pocketsflow in
        // configuration keeps deduplicating against the same events.
        return errors.Count == before && scheme is not null && envelope is not null
            ? new WebhookSource(name.ToLowerInvariant(), schemeName, scheme, envelope, options.MaxBodyBytes, [.. options.Secrets], options.CatchUp, options.ExpectEventsWithin)
            {
                DedupesOnBody = options.DedupeOnBody ?? schemeName == SchemeNames.GitHub,
                SignatureHeader = schemeName == SchemeNames.Hmac ? options.SignatureHeader?.Trim() : null,
            }
            : null;
    }

    private static List<byte[]> ReadKeys(string key, string schemeName, SourceOptions options, ICollection<string> errors)
    {
        var keys = new List<byte[]>(options.Secrets.Count);
        if (options.Secrets.Count == 0)
        {
            errors.Add(schemeName == SchemeNames.Pocketsflow
                ? $"{key}:Secrets is empty; set POCKETSFLOW_WEBHOOK_SECRET or {key}:Secrets:0 to the signing secret Pocketsflow shows"
                : $"{key}:Secrets is empty; set {key}:Secrets:0 to the sender's signing secret");
            return keys;
        }

        for (var i = 0; i < options.Secrets.Count; i++)
        {
            var secret = options.Secrets[i];
            if (string.IsNullOrWhiteSpace(secret))
            {
                errors.Add($"{key}:Secrets:{i} is empty");
                continue;
            }

            if (secret.Trim().Length != secret.Length)
            {
                errors.Add($"{key}:Secrets:{i} starts or ends with whitespace; remove it (a copied newline would fail every signature)");
                continue;
            }

            // The scheme decides what whsec_ means: base64 key material for Standard Webhooks,
            // part of the literal key for Pocketsflow and Stripe. Never a guess.
            if (schemeName == SchemeNames.StandardWebhooks)
            {
                if (StandardWebhooksSignatureScheme.KeyFromSecret(secret) is { } decoded)
                    keys.Add(decoded);
                else
                    errors.Add($"{key}:Secrets:{i} is not a Standard Webhooks secret: expected whsec_ followed by base64");
            }
            else
            {
                keys.Add(Encoding.UTF8.GetBytes(secret));
            }
        }

        return keys;
    }

    private static HmacSignatureSettings? ReadHmacSettings(string key, SourceOptions options, ICollection<string> errors)
    {
        var before = errors.Count;
        if (string.IsNullOrWhiteSpace(options.SignatureHeader))
            errors.Add($"{key}:SignatureHeader is required by the hmac scheme");

        HmacAlgorithm? algorithm = options.Algorithm.ToLowerInvariant() switch
        {
            "sha256" => HmacAlgorithm.Sha256,
            "sha512" => HmacAlgorithm.Sha512,
            _ => null,
        };
        if (algorithm is null)
            errors.Add($"{key}:Algorithm '{options.Algorithm}' is not supported; use sha256 or sha512");

        SignatureEncoding? encoding = options.Encoding.ToLowerInvariant() switch
        {
            "hex" => SignatureEncoding.Hex,
            "base64" => SignatureEncoding.Base64,
            _ => null,
        };
        if (encoding is null)
            errors.Add($"{key}:Encoding '{options.Encoding}' is not supported; use hex or base64");

        // HTTP strips a header value's leading whitespace, so a prefix that starts with some could never match.
        if (options.SignaturePrefix is { Length: > 0 } prefix && char.IsWhiteSpace(prefix[0]))
            errors.Add($"{key}:SignaturePrefix starts with whitespace, which HTTP strips from a header value; remove it");

        var template = SignedContentTemplate.TryParse(options.SignedContent);
        if (template is null)
            errors.Add($"{key}:SignedContent '{options.SignedContent}' must contain {{body}} exactly once");
        else if (template.SignsTimestamp && string.IsNullOrWhiteSpace(options.TimestampHeader))
            errors.Add($"{key}:TimestampHeader is required when SignedContent contains {{timestamp}}");

        // No error was added, so every setting read above is set.
        return errors.Count == before
            ? new HmacSignatureSettings(options.SignatureHeader!, algorithm!.Value, encoding!.Value, options.SignaturePrefix ?? "", template!, options.TimestampHeader)
            : null;
    }

    private static EnvelopeReader? ReadEnvelope(string key, string schemeName, SourceOptions options, ICollection<string> errors)
    {
        var (defaultIds, defaultTypes, hashBody) = EnvelopeDefaults(schemeName);
        var ids = Override(key, schemeName, "EventId", options.EventIdHeader, options.EventIdPointer, errors) ?? defaultIds;
        var types = Override(key, schemeName, "EventType", options.EventTypeHeader, options.EventTypePointer, errors) ?? defaultTypes;
        var subjects = Override(key, schemeName, "Subject", header: null, options.SubjectPointer, errors) ?? DefaultSubjects(schemeName);
        return ids is null || types is null ? null : new EnvelopeReader(ids, types, hashBody, subjects);
    }

    /// <summary>Where each scheme's events name what they are about; first found wins.</summary>
    private static FieldLocation[] DefaultSubjects(string schemeName) => schemeName switch
    {
        // Orders, then subscriptions (the customer's subscription, which invoices carry too), then payment intents.
        SchemeNames.Pocketsflow =>
        [
            FieldLocation.Pointer("/order/id")!,
            FieldLocation.Pointer("/subscriptionCustomerId")!,
            FieldLocation.Pointer("/subscriptionCustomer/id")!,
            FieldLocation.Pointer("/paymentIntent/id")!,
        ],
        SchemeNames.Stripe => [FieldLocation.Pointer("/data/object/id")!],
        _ => [],
    };

    private static (FieldLocation[] Ids, FieldLocation[] Types, bool HashBody) EnvelopeDefaults(string schemeName) => schemeName switch
    {
        // The body's event, when it has one, is signed; X-Pocketsflow-Event is not, and must agree.
        SchemeNames.Pocketsflow => (
            [FieldLocation.Pointer("/webhookId")!],
            [FieldLocation.Pointer("/event")!, FieldLocation.Header(PocketsflowSignatureScheme.EventHeader)],
            true),
        SchemeNames.StandardWebhooks => (
            [FieldLocation.Header(StandardWebhooksSignatureScheme.IdHeader, signed: true), FieldLocation.Header("svix-id", signed: true)],
            [FieldLocation.Pointer("/type")!],
            false),
        // Neither header is signed, and GitHub's bodies carry no event id or name: the source
        // dedupes on the body's digest too (DedupeOnBody), so a new delivery id makes no new event.
        SchemeNames.GitHub => (
            [FieldLocation.Header(GitHubSignatureScheme.DeliveryHeader)],
            [FieldLocation.Header(GitHubSignatureScheme.EventHeader)],
            false),
        // Stripe, and the generic scheme's guess until configured otherwise: {"id": …, "type": …}.
        _ => ([FieldLocation.Pointer("/id")!], [FieldLocation.Pointer("/type")!], false),
    };

    /// <summary>
    /// The configured locations of a field, or null for the scheme's defaults. Both a header and a
    /// pointer: the signed body's field is the value, and the header must agree with it.
    /// </summary>
    private static FieldLocation[]? Override(string key, string schemeName, string field, string? header, string? pointer, ICollection<string> errors)
    {
        FieldLocation? fromHeader = string.IsNullOrWhiteSpace(header) ? null : FieldLocation.Header(header.Trim(), IsSignedHeader(schemeName, header.Trim()));
        if (string.IsNullOrWhiteSpace(pointer))
            return fromHeader is null ? null : [fromHeader];

        if (FieldLocation.Pointer(pointer.Trim()) is not { } fromBody)
        {
            errors.Add($"{key}:{field}Pointer '{pointer}' is not a JSON pointer; write it like /data/id");
            return null;
        }

        return fromHeader is null ? [fromBody] : [fromBody, fromHeader];
    }

    /// <summary>Whether the scheme's signature covers a header: only Standard Webhooks signs one, its id.</summary>
    private static bool IsSignedHeader(string schemeName, string header) =>
        schemeName == SchemeNames.StandardWebhooks
        && (header.Equals(StandardWebhooksSignatureScheme.IdHeader, StringComparison.OrdinalIgnoreCase) || header.Equals("svix-id", StringComparison.OrdinalIgnoreCase));

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex SourceNamePattern();
}
