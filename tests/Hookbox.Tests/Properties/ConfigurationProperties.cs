using CsCheck;
using Microsoft.Extensions.Configuration;
using static Hookbox.Tests.Properties.Adversarial;

namespace Hookbox.Tests.Properties;

/// <summary>
/// Configuration values: whatever a source's settings, or the whole <c>Hookbox</c> section,
/// hold, start-up either accepts them or says which key is wrong; it never throws instead.
/// </summary>
public sealed class ConfigurationProperties
{
    private static readonly Gen<string?> Setting = Gen.Frequency(
        (2, Gen.Const((string?)null)),
        (3, Adversarial.Text.Select(t => (string?)t)),
        (2, Gen.OneOf<string?>("/data/id", "/id", "X-Event", "sha256", "sha512", "hex", "base64", "{timestamp}.{body}", "{body}", "sha256=", "https://api.example.com", "whsec_c2VjcmV0")));

    private static readonly Gen<TimeSpan> Duration = Gen.Frequency(
        (3, Gen.OneOf(TimeSpan.MinValue, TimeSpan.MaxValue, TimeSpan.Zero, TimeSpan.FromTicks(-1), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(15), TimeSpan.FromDays(30), TimeSpan.FromDays(91))),
        (1, Gen.TimeSpan));

    private static readonly Gen<int> Whole = Gen.Frequency(
        (3, Gen.OneOf(int.MinValue, -1, 0, 1, 300, 1_048_576, int.MaxValue)),
        (1, Gen.Int));

    private static readonly Gen<CatchUpOptions?> CatchUp = Gen.Frequency(
        (3, Gen.Const((CatchUpOptions?)null)),
        (1, Gen.Select(Setting, Setting, Gen.Select(Duration, Duration, Duration, Duration, Duration, Duration), Gen.Select(Setting, Setting, Setting, Setting, Setting), Whole,
            (apiKey, baseUrl, durations, pointers, pageSize) =>
            {
                var (every, overlap, maxAge, settle, request, run) = durations;
                var (items, id, type, time, sinceFormat) = pointers;
                return (CatchUpOptions?)new CatchUpOptions
                {
                    ApiKey = apiKey, BaseUrl = baseUrl, Every = every, Overlap = overlap, MaxAge = maxAge == TimeSpan.Zero ? null : maxAge,
                    Settle = settle, RequestTimeout = request, RunTimeout = run, ItemsPointer = items, IdPointer = id, TypePointer = type,
                    TimePointer = time, SinceFormat = sinceFormat ?? "unix", PageSize = pageSize, ListPath = baseUrl, CursorPointer = id, HasMorePointer = type,
                };
            })));

    private static readonly Gen<(string Name, SourceOptions Options)> Source = Gen.Select(
        Gen.Frequency((3, Gen.OneOf([.. SchemeNames.All, "Stripe", "acme"])), (1, Adversarial.Text)),
        Gen.Frequency((1, Gen.Const((string?)null)), (3, Gen.OneOf<string?>([.. SchemeNames.All, "STRIPE", "paypal"])), (1, Setting)),
        Gen.Frequency((3, Secret), (1, Adversarial.Text)).Array[0, 3],
        Gen.Select(Whole, Whole, Gen.Bool, Duration.Nullable(0.5)),
        Gen.Select(Setting, Setting, Setting, Setting, Setting),
        Gen.Select(Setting, Setting, Setting, Setting, Setting, Setting),
        CatchUp,
        (name, scheme, secrets, numbers, fields, hmac, catchUp) =>
        {
            var (tolerance, maxBody, signedTimestamp, expect) = numbers;
            var (idHeader, idPointer, typeHeader, typePointer, subject) = fields;
            var (signatureHeader, algorithm, encoding, prefix, content, timestampHeader) = hmac;
            var options = new SourceOptions
            {
                Scheme = scheme, ToleranceSeconds = tolerance, MaxBodyBytes = maxBody, SignedTimestamp = signedTimestamp, ExpectEventsWithin = expect,
                EventIdHeader = idHeader, EventIdPointer = idPointer, EventTypeHeader = typeHeader, EventTypePointer = typePointer, SubjectPointer = subject,
                SignatureHeader = signatureHeader, Algorithm = algorithm ?? "sha256", Encoding = encoding ?? "hex", SignaturePrefix = prefix,
                SignedContent = content ?? "{body}", TimestampHeader = timestampHeader, CatchUp = catchUp,
            };
            options.Secrets.AddRange(secrets);
            return (name, options);
        });

    [Fact]
    public void TryCreate_AnySourceSettings_BuildsTheSourceOrNamesTheKey() =>
        Source.Sample(source =>
        {
            var errors = new List<string>();

            var created = WebhookSourceFactory.TryCreate(source.Name, source.Options, errors);

            Assert.Equal(created is null, errors.Count > 0);
            Assert.All(errors, e => Assert.StartsWith($"Hookbox:Sources:{source.Name}:", e, StringComparison.Ordinal));
        }, iter: Cases);

    private static readonly string[] Keys =
    [
        "DataDirectory", "Store:Provider", "Dispatch:MaxAttempts", "Dispatch:InitialDelay", "Dispatch:MaxDelay", "Dispatch:AttemptTimeout",
        "Dispatch:Concurrency", "Dispatch:LeaseMargin", "Dispatch:LeaseAhead", "Admin:Token", "Ingest:MaxBatchSize", "Ingest:MaxQueuedEvents", "Ingest:RejectionLogCapacity",
        "Retention:Payloads", "Retention:DedupeKeys", "Retention:Interval", "Retention:BatchSize", "Alerts:Window", "Alerts:Threshold",
        "Alerts:MinEvents", "Alerts:EvaluateEvery", "Alerts:WebhookUrl", "Alerts:Enabled", "Metrics:SampleInterval",
        "Sources:s:Scheme", "Sources:s:Secrets:0", "Sources:s:Secrets:1", "Sources:s:ToleranceSeconds", "Sources:s:MaxBodyBytes",
        "Sources:s:SignedTimestamp", "Sources:s:EventIdPointer", "Sources:s:ExpectEventsWithin", "Sources:s:CatchUp:Every",
        "Sources:s:CatchUp:ApiKey", "Sources:s:CatchUp:MaxAge", "Sources:s:CatchUp:PageSize",
        "Routes:r:Source", "Routes:r:Events:0", "Routes:r:Url", "Routes:r:Secret", "Routes:r:OrderBy", "Routes:r:Concurrency",
        "Retention:DedupeKey", "Sources:s:Secret", "Sources", "Routes:r", "Dispatch",
    ];

    private static readonly Gen<string> Value = Gen.Frequency(
        (3, Gen.OneOf(
            "", "0", "-1", "1", "abc", "true", "yes", "NaN", "Infinity", "-Infinity", "1e308", "0.5", "10%", "2147483648", "99999999999999999999",
            "00:00:00", "00:00:01", "1.00:00:00", "-00:01:00", "10675199.02:48:05.4775807", "-10675199.02:48:05.4775808", "10675200.00:00:00",
            "stripe", "pocketsflow", "hmac", "whsec_c2VjcmV0", "https://user:pass@example.com/x", "http://", "/data/id", "*", "order.*")),
        (1, Adversarial.Text));

    [Fact]
    public void Validate_AnyConfiguration_StartsOrNamesTheKey() =>
        Gen.Select(Gen.OneOf(Keys), Value).Array[0, 8].Sample(settings =>
        {
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(settings.DistinctBy(s => s.Item1).Select(s => new KeyValuePair<string, string?>("Hookbox:" + s.Item1, s.Item2)))
                .Build();

            // What start-up does: bind the section, then validate it with the configuration at hand.
            var options = new HookboxOptions();
            try
            {
                configuration.GetSection(HookboxOptions.SectionName).Bind(options);
            }
            catch (InvalidOperationException ex)
            {
                // The binder refuses a value it cannot convert outside a dictionary, naming the key;
                // hookbox serve prints that message (ServeCommand), so it is an answer, not a crash.
                Assert.Contains(settings, s => ex.Message.Contains($"at 'Hookbox:{s.Item1}'", StringComparison.OrdinalIgnoreCase));
                return;
            }

            var result = new HookboxOptionsValidator(configuration).Validate(null, options);

            Assert.All(result.Failures ?? [], f => Assert.StartsWith("Hookbox:", f, StringComparison.Ordinal));
        }, iter: NarrowCases);
}
