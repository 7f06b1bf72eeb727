// Generates known-answer test vectors for Hookbox's signature verifiers, using each sender's own
// published .NET library to sign (and to verify) every vector:
//   standard-webhooks.json  <- NuGet StandardWebhooks 1.1.2 (StandardWebhook.Sign / .Verify)
//   stripe.json             <- NuGet Stripe.net 53.1.0 (EventUtility.ComputeSignature / .ValidateSignature)
// Usage: dotnet run [-- <output dir>]   (default: <repo>/tests/Hookbox.Tests/Verification/Vectors)
// Secrets, ids and timestamps are fresh on every run: re-running rewrites both files.

using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;
using Stripe;

var outDir = args.Length > 0 ? Path.GetFullPath(args[0]) : DefaultOutputDir();
Directory.CreateDirectory(outDir);

var runNow = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

WriteFile(Path.Combine(outDir, "standard-webhooks.json"), "standard-webhooks",
    $"NuGet StandardWebhooks {PackageVersion(typeof(StandardWebhook))} (Codefactors): new StandardWebhook(secret).Sign(msgId, DateTimeOffset, payload), each vector checked with StandardWebhook.Verify(payload, headers)",
    StandardWebhooksVectors(runNow));
WriteFile(Path.Combine(outDir, "stripe.json"), "stripe",
    $"NuGet Stripe.net {PackageVersion(typeof(EventUtility))}: EventUtility.ComputeSignature(secret, t, payload) / EventUtility.GenerateSignatureHeader, each vector checked with EventUtility.ValidateSignature(payload, header, secret, 300, now) and parsed with EventUtility.ConstructEventWithoutVerification",
    StripeVectors(runNow));
return 0;

// ---------------------------------------------------------------------------------------------
// Standard Webhooks
// ---------------------------------------------------------------------------------------------
static List<Vector> StandardWebhooksVectors(long runNow)
{
    var list = new List<Vector>();

    // The library's Verify() reads the wall clock (±300 s, no injectable clock), so every
    // timestamp sits within a few minutes of the moment the generator runs.
    Vector Make(string name, int keyBytes, long ts, long nowOffset, Func<string, string, string> bodyFor,
                string type, Func<StandardWebhook, string, long, string, string>? header = null,
                bool lastEntryQuirk = false)
    {
        var secret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(keyBytes));
        var msgId = "msg_" + RandomBase62(27);
        var body = bodyFor(msgId, DateTimeOffset.FromUnixTimeSeconds(ts).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"));
        var wh = new StandardWebhook(secret);
        var sig = wh.Sign(msgId, DateTimeOffset.FromUnixTimeSeconds(ts), body);
        var sigHeader = header is null ? sig : header(wh, msgId, ts, body);

        var headers = new List<KeyValuePair<string, string>>
        {
            new("webhook-id", msgId),
            new("webhook-timestamp", ts.ToString()),
            new("webhook-signature", sigHeader),
            new("content-type", "application/json"),
        };

        // Independent of header construction: the library must accept the vector.
        var hd = new HeaderDictionary();
        foreach (var (k, v) in headers) hd[k] = v;
        if (!lastEntryQuirk)
        {
            wh.Verify(body, hd);
        }
        else
        {
            // StandardWebhooks 1.1.2 Verify() never examines the LAST space-separated entry when the
            // header holds more than one, so it rejects "v1,<other> v1,<real>". Confirm that quirk, then
            // verify the real entry on its own with the library.
            try { wh.Verify(body, hd); throw new InvalidOperationException("expected StandardWebhooks 1.1.2 last-entry quirk"); }
            catch (StandardWebhooks.Diagnostics.WebhookVerificationException) { }
            hd["webhook-signature"] = sig;
            wh.Verify(body, hd);
            if (!sigHeader.Split(' ').Contains(sig)) throw new InvalidOperationException("real signature missing");
            Console.Error.WriteLine($"note: '{name}': library Verify rejects the full header (last-entry quirk); real entry verified alone.");
        }

        return new Vector(name, secret, ts + nowOffset, headers, body, msgId, type);
    }

    string OtherKeySig(string msgId, long ts, string body) =>
        new StandardWebhook(RandomNumberGenerator.GetBytes(32)).Sign(msgId, DateTimeOffset.FromUnixTimeSeconds(ts), body);

    list.Add(Make("compact JSON, 24-byte key", 24, runNow - 240, 5,
        (id, iso) => $$$$"""{"type":"invoice.paid","timestamp":"{{{{iso}}}}","data":{"invoiceId":"inv_{{{{RandomBase62(16)}}}}","amount":4200,"currency":"eur","customer":{"id":"cus_{{{{RandomBase62(14)}}}}"}}}""",
        "invoice.paid"));

    list.Add(Make("non-ASCII UTF-8 body (accents, emoji), 32-byte key", 32, runNow - 180, 0,
        (id, iso) => $$$$"""{"type":"customer.updated","timestamp":"{{{{iso}}}}","data":{"id":"cus_{{{{RandomBase62(14)}}}}","name":"Zoë Café-Müller","city":"São Paulo","greeting":"Grüße 👋🎉","note":"naïve — “quoted” ✓"}}""",
        "customer.updated"));

    list.Add(Make("body with spaces, tabs, CRLF/LF newlines and trailing newline, 28-byte key", 28, runNow - 120, 42,
        (id, iso) => "{\n  \"type\": \"user.created\",\n  \"timestamp\": \"" + iso + "\",\r\n  \"data\": {\n\t\"email\": \"ada@example.com\",\n\t\"roles\": [ \"admin\", \"billing\" ]\n  }\n}\n",
        "user.created"));

    list.Add(Make("rotation: two space-separated v1 entries, real first then old-key", 32, runNow - 60, 3,
        (id, iso) => $$$$"""{"type":"subscription.renewed","timestamp":"{{{{iso}}}}","data":{"subscriptionId":"sub_{{{{RandomBase62(16)}}}}","period":{"start":"2025-01-01","end":"2025-02-01"}}}""",
        "subscription.renewed",
        (wh, id, ts, body) => wh.Sign(id, DateTimeOffset.FromUnixTimeSeconds(ts), body) + " " + OtherKeySig(id, ts, body)));

    list.Add(Make("rotation: two space-separated v1 entries, old-key first then real last", 24, runNow - 30, 10,
        (id, iso) => $$$$"""{"type":"invoice.payment_failed","timestamp":"{{{{iso}}}}","data":{"invoiceId":"inv_{{{{RandomBase62(16)}}}}","attempt":2}}""",
        "invoice.payment_failed",
        (wh, id, ts, body) => OtherKeySig(id, ts, body) + " " + wh.Sign(id, DateTimeOffset.FromUnixTimeSeconds(ts), body),
        lastEntryQuirk: true));

    return list;
}

// ---------------------------------------------------------------------------------------------
// Stripe
// ---------------------------------------------------------------------------------------------
static List<Vector> StripeVectors(long runNow)
{
    var list = new List<Vector>();
    var apiVersion = StripeConfiguration.ApiVersion;

    Vector Make(string name, string secret, long ts, long nowOffset, string type,
                Func<string, string> bodyFor, Func<string, long, string, string>? header = null)
    {
        var evtId = "evt_" + RandomBase62(24);
        var body = bodyFor(evtId);
        var v1 = EventUtility.ComputeSignature(secret, ts.ToString(), body);
        var sigHeader = header is null ? EventUtility.GenerateSignatureHeader(body, secret, ts) : header(v1, ts, body);
        if (header is null && sigHeader != $"t={ts},v1={v1}") throw new InvalidOperationException("unexpected header shape: " + sigHeader);

        var now = ts + nowOffset;
        EventUtility.ValidateSignature(body, sigHeader, secret, 300, now);
        var evt = EventUtility.ConstructEventWithoutVerification(body, throwOnApiVersionMismatch: false);
        if (evt.Id != evtId || evt.Type != type) throw new InvalidOperationException($"parsed {evt.Id}/{evt.Type}");

        var headers = new List<KeyValuePair<string, string>>
        {
            new("Stripe-Signature", sigHeader),
            new("Content-Type", "application/json; charset=utf-8"),
            new("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)"),
        };
        return new Vector(name, secret, now, headers, body, evtId, type);
    }

    string NewSecret() => "whsec_" + RandomBase62(32);
    string OldSecretSig(long ts, string body) => EventUtility.ComputeSignature(NewSecret(), ts.ToString(), body);

    list.Add(Make("payment_intent.succeeded, compact body", NewSecret(), runNow - 600, 2, "payment_intent.succeeded",
        id => $$$$"""{"id":"{{{{id}}}}","object":"event","api_version":"{{{{apiVersion}}}}","created":{{{{runNow - 600}}}},"data":{"object":{"id":"pi_{{{{RandomBase62(24)}}}}","object":"payment_intent","amount":2000,"amount_received":2000,"currency":"usd","status":"succeeded","livemode":false}},"livemode":false,"pending_webhooks":1,"request":{"id":"req_{{{{RandomBase62(14)}}}}","idempotency_key":"{{{{Guid.NewGuid()}}}}"},"type":"payment_intent.succeeded"}"""));

    list.Add(Make("charge.succeeded, pretty-printed body as Stripe delivers it, CLI-style hex secret",
        "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), runNow - 500, 120, "charge.succeeded",
        id => "{\n  \"id\": \"" + id + "\",\n  \"object\": \"event\",\n  \"api_version\": \"" + apiVersion + "\",\n  \"created\": " + (runNow - 500) + ",\n  \"data\": {\n    \"object\": {\n      \"id\": \"ch_" + RandomBase62(24) + "\",\n      \"object\": \"charge\",\n      \"amount\": 1099,\n      \"currency\": \"eur\",\n      \"paid\": true,\n      \"status\": \"succeeded\"\n    }\n  },\n  \"livemode\": false,\n  \"pending_webhooks\": 2,\n  \"request\": {\n    \"id\": null,\n    \"idempotency_key\": null\n  },\n  \"type\": \"charge.succeeded\"\n}"));

    list.Add(Make("customer.created with non-ASCII UTF-8 (accents, emoji)", NewSecret(), runNow - 400, 30, "customer.created",
        id => $$$$"""{"id":"{{{{id}}}}","object":"event","api_version":"{{{{apiVersion}}}}","created":{{{{runNow - 400}}}},"data":{"object":{"id":"cus_{{{{RandomBase62(14)}}}}","object":"customer","name":"José Müller-Østergård","description":"Café ☕ — 東京 🎉","email":"jose@example.com","preferred_locales":["de-CH"]}},"livemode":false,"pending_webhooks":1,"request":{"id":"req_{{{{RandomBase62(14)}}}}","idempotency_key":null},"type":"customer.created"}"""));

    list.Add(Make("invoice.paid during secret rotation: two v1 entries (old-secret v1 first, real v1 second)", NewSecret(), runNow - 300, 60, "invoice.paid",
        id => $$$$"""{"id":"{{{{id}}}}","object":"event","api_version":"{{{{apiVersion}}}}","created":{{{{runNow - 300}}}},"data":{"object":{"id":"in_{{{{RandomBase62(24)}}}}","object":"invoice","amount_paid":4900,"currency":"usd","customer":"cus_{{{{RandomBase62(14)}}}}","status":"paid"}},"livemode":true,"pending_webhooks":1,"request":{"id":null,"idempotency_key":null},"type":"invoice.paid"}""",
        (v1, ts, body) => $"t={ts},v1={OldSecretSig(ts, body)},v1={v1}"));

    list.Add(Make("checkout.session.completed with a v0 entry as well (test mode style: t, v1, v0)", NewSecret(), runNow - 200, 1, "checkout.session.completed",
        id => $$$$"""{"id":"{{{{id}}}}","object":"event","api_version":"{{{{apiVersion}}}}","created":{{{{runNow - 200}}}},"data":{"object":{"id":"cs_test_{{{{RandomBase62(40)}}}}","object":"checkout.session","amount_total":2999,"currency":"gbp","mode":"payment","payment_status":"paid","client_reference_id":"user_42"}},"livemode":false,"pending_webhooks":1,"request":{"id":null,"idempotency_key":null},"type":"checkout.session.completed"}""",
        (v1, ts, body) => $"t={ts},v1={v1},v0={OldSecretSig(ts, body)}"));

    return list;
}

// ---------------------------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------------------------
static string RandomBase62(int length)
{
    const string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    return RandomNumberGenerator.GetString(alphabet, length);
}

static string PackageVersion(Type t) =>
    (t.Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?").Split('+')[0];

static string DefaultOutputDir()
{
    for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
    {
        var tests = Path.Combine(dir.FullName, "tests", "Hookbox.Tests");
        if (Directory.Exists(tests)) return Path.Combine(tests, "Verification", "Vectors");
    }
    throw new InvalidOperationException("run from inside the repository, or pass an output directory");
}

static void WriteFile(string path, string scheme, string generator, List<Vector> vectors)
{
    foreach (var v in vectors)
    {
        var bytes = Encoding.UTF8.GetByteCount(v.Body);
        if (bytes > 1500) throw new InvalidOperationException($"{v.Name}: body {bytes} bytes");
    }
    using var stream = new MemoryStream();
    using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
    {
        w.WriteStartObject();
        w.WriteString("scheme", scheme);
        w.WriteString("generator", generator);
        w.WriteStartArray("vectors");
        foreach (var v in vectors)
        {
            w.WriteStartObject();
            w.WriteString("name", v.Name);
            w.WriteString("secret", v.Secret);
            w.WriteNumber("now", v.Now);
            w.WriteStartObject("headers");
            foreach (var (k, val) in v.Headers) w.WriteString(k, val);
            w.WriteEndObject();
            w.WriteString("body", v.Body);
            w.WriteString("eventId", v.EventId);
            w.WriteString("eventType", v.EventType);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
    stream.WriteByte((byte)'\n');
    System.IO.File.WriteAllBytes(path, stream.ToArray());

    // Round-trip check: the body read back from the file must be the exact string that was signed.
    using var doc = JsonDocument.Parse(System.IO.File.ReadAllBytes(path));
    var i = 0;
    foreach (var el in doc.RootElement.GetProperty("vectors").EnumerateArray())
        if (el.GetProperty("body").GetString() != vectors[i++].Body) throw new InvalidOperationException("body did not round-trip");
    Console.WriteLine($"wrote {path} ({vectors.Count} vectors)");
}

sealed record Vector(string Name, string Secret, long Now, List<KeyValuePair<string, string>> Headers,
                     string Body, string EventId, string EventType);
