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

        if (WebhookSchemes.Find(schemeName) is not { } descriptor)
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

        var keys = ReadKeys(key, descriptor, options, errors);
        var tolerance = TimeSpan.FromSeconds(Math.Max(0, options.ToleranceSeconds));
        if (options.SignedTimestamp && !descriptor.HasSignedTimestampSetting)
            errors.Add($"{key}:SignedTimestamp applies to the {string.Join(", ", WebhookSchemes.All.Where(s => s.HasSignedTimestampSetting).Select(s => s.Name))} scheme only; for hmac set SignedContent to '{{timestamp}}.{{body}}'");

        var scheme = descriptor.CreateVerifier(key, options, keys, tolerance, errors);
        var envelope = ReadEnvelope(key, descriptor, options, errors);
        if (options.ExpectEventsWithin is { } expect && (expect < TimeSpan.FromMinutes(1) || expect > TimeSpan.FromDays(30)))
            errors.Add($"{key}:ExpectEventsWithin must be between 00:01:00 and 30.00:00:00, such as 06:00:00, not {expect}");

        if (options.CatchUp is { } catchUp)
            CatchUpSettings.Validate($"{key}:CatchUp", descriptor, catchUp, errors);

        // The stored source name is lower case, so renaming Pocketsflow to pocketsflow in
        // configuration keeps deduplicating against the same events.
        return errors.Count == before && scheme is not null && envelope is not null
            ? new WebhookSource(name.ToLowerInvariant(), descriptor, scheme, envelope, options.MaxBodyBytes, [.. options.Secrets], options.CatchUp, options.ExpectEventsWithin)
            {
                DedupesOnBody = options.DedupeOnBody ?? descriptor.DedupesOnBodyByDefault,
                SignatureHeader = descriptor.ConfiguredSignatureHeader(options),
            }
            : null;
    }

    private static List<byte[]> ReadKeys(string key, WebhookScheme descriptor, SourceOptions options, ICollection<string> errors)
    {
        var keys = new List<byte[]>(options.Secrets.Count);
        if (options.Secrets.Count == 0)
        {
            errors.Add(descriptor.NoSecrets(key));
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

            if (descriptor.KeyFrom(secret) is { } decoded)
                keys.Add(decoded);
            else
                errors.Add($"{key}:Secrets:{i} {descriptor.InvalidSecret}");
        }

        return keys;
    }

    private static EnvelopeReader? ReadEnvelope(string key, WebhookScheme descriptor, SourceOptions options, ICollection<string> errors)
    {
        var ids = Override(key, descriptor, "EventId", options.EventIdHeader, options.EventIdPointer, errors) ?? descriptor.DefaultIds;
        var types = Override(key, descriptor, "EventType", options.EventTypeHeader, options.EventTypePointer, errors) ?? descriptor.DefaultTypes;
        var subjects = Override(key, descriptor, "Subject", header: null, options.SubjectPointer, errors) ?? descriptor.DefaultSubjects;
        return ids is null || types is null ? null : new EnvelopeReader(ids, types, descriptor.HashesBodyWhenIdMissing, subjects);
    }

    /// <summary>
    /// The configured locations of a field, or null for the scheme's defaults. Both a header and a
    /// pointer: the signed body's field is the value, and the header must agree with it.
    /// </summary>
    private static IReadOnlyList<FieldLocation>? Override(string key, WebhookScheme descriptor, string field, string? header, string? pointer, ICollection<string> errors)
    {
        FieldLocation? fromHeader = string.IsNullOrWhiteSpace(header) ? null : FieldLocation.Header(header.Trim(), descriptor.SignsHeader(header.Trim()));
        if (string.IsNullOrWhiteSpace(pointer))
            return fromHeader is null ? null : [fromHeader];

        if (FieldLocation.Pointer(pointer.Trim()) is not { } fromBody)
        {
            errors.Add($"{key}:{field}Pointer '{pointer}' is not a JSON pointer; write it like /data/id");
            return null;
        }

        return fromHeader is null ? [fromBody] : [fromBody, fromHeader];
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex SourceNamePattern();
}
