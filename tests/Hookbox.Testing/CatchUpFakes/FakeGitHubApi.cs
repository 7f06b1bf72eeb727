using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Hookbox.Testing;

/// <summary>
/// A GitHub webhook's deliveries, as the REST API answers them: <c>GET /{hook}/deliveries</c>
/// newest first, <c>per_page</c> 1–100 (default 30), paged by an opaque <c>cursor</c> given in the
/// <c>Link</c> header's <c>rel="next"</c>; <c>GET /{hook}/deliveries/{id}</c> with the request's
/// headers and payload. A request without a User-Agent is refused with 403, as GitHub does.
/// </summary>
public sealed class FakeGitHubApi : FakeApi
{
    /// <summary>The key a fake takes unless told otherwise.</summary>
    public const string DefaultApiKey = "ghp_fakeCatchUpToken0000000000000000000";

    /// <summary>The hook a fake serves unless told otherwise.</summary>
    public const string DefaultHook = "repos/octo-org/shop/hooks/12345678";

    private readonly List<Delivery> _deliveries = [];
    private long _nextId = 9_000_000_000;

    private FakeGitHubApi(string apiKey, string hook)
        : base(apiKey) => Hook = hook;

    /// <summary>The hook whose deliveries the fake serves, as a source's <c>CatchUp:Hook</c> names it.</summary>
    public string Hook { get; }

    /// <summary>When set, the <c>Link</c> header's pages point at this origin (such as <c>https://elsewhere.example</c>) instead of the fake's own.</summary>
    public string? LinkOrigin { get; set; }

    /// <summary>Starts a fake GitHub on 127.0.0.1, serving <paramref name="hook"/>'s deliveries.</summary>
    public static Task<FakeGitHubApi> StartAsync(string apiKey = DefaultApiKey, string hook = DefaultHook, CancellationToken cancellationToken = default) =>
        Started(new FakeGitHubApi(apiKey, hook), cancellationToken);

    /// <summary>Adds a first delivery of the event <paramref name="guid"/>; returns the delivery's id. <paramref name="payload"/> defaults to a small body naming the event.</summary>
    public long AddDelivery(string guid, string @event, DateTimeOffset deliveredAt, JsonObject? payload = null, string? action = null, int statusCode = 200)
    {
        payload ??= new JsonObject
        {
            ["action"] = action,
            ["zen"] = "Keep it logically awesome.",
            ["repository"] = new JsonObject { ["id"] = 1296269, ["full_name"] = "octo-org/shop" },
        };
        return Add(new Delivery(0, guid, @event, action, deliveredAt, Redelivery: false, statusCode, payload.ToJsonString()));
    }

    /// <summary>Adds a redelivery of <paramref name="guid"/> (same event, same payload, a new delivery id); returns its id.</summary>
    public long Redeliver(string guid, DateTimeOffset deliveredAt, int statusCode = 200)
    {
        Delivery first;
        lock (_deliveries)
            first = _deliveries.First(d => d.Guid == guid);
        return Add(first with { DeliveredAt = deliveredAt, Redelivery = true, StatusCode = statusCode });
    }

    private long Add(Delivery delivery)
    {
        lock (_deliveries)
        {
            var id = ++_nextId;
            _deliveries.Add(delivery with { Id = id });
            return id;
        }
    }

    private protected override FakeApiAnswer? Refuse(HttpRequest request) =>
        string.IsNullOrEmpty(request.Headers.UserAgent)
            ? new FakeApiAnswer(403, new JsonObject
            {
                ["message"] = "Request forbidden by administrative rules. Please make sure your request has a User-Agent header (https://docs.github.com/en/rest/overview/resources-in-the-rest-api#user-agent-required). Check https://developer.github.com for other possible causes.",
            }.ToJsonString())
            : null;

    private protected override FakeApiAnswer Answer(HttpRequest request)
    {
        var path = request.Path.Value ?? "";
        var list = $"/{Hook}/deliveries";
        if (path == list)
            return List(request);

        if (path.StartsWith(list + "/", StringComparison.Ordinal)
            && long.TryParse(path[(list.Length + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            Delivery? delivery;
            lock (_deliveries)
                delivery = _deliveries.FirstOrDefault(d => d.Id == id);
            if (delivery is not null)
                return new FakeApiAnswer(200, Detail(delivery).ToJsonString());
        }

        return new FakeApiAnswer(404, ErrorBody(404));
    }

    private FakeApiAnswer List(HttpRequest request)
    {
        if (IntQuery(request, "per_page", 30, 1, 100) is not { } perPage)
            perPage = 100; // GitHub caps a larger per_page rather than refusing it

        List<Delivery> deliveries;
        lock (_deliveries)
            deliveries = [.. _deliveries.OrderByDescending(d => d.DeliveredAt).ThenByDescending(d => d.Id)];

        var start = 0;
        if (Query(request, "cursor") is { } cursor)
        {
            var index = cursor.StartsWith("v1_", StringComparison.Ordinal) && long.TryParse(cursor[3..], NumberStyles.None, CultureInfo.InvariantCulture, out var after)
                ? deliveries.FindIndex(d => d.Id == after)
                : -1;
            if (index < 0)
                return new FakeApiAnswer(422, new JsonObject { ["message"] = "Invalid cursor", ["documentation_url"] = "https://docs.github.com/rest" }.ToJsonString());
            start = index + 1;
        }

        var page = deliveries.Skip(start).Take(perPage).ToList();
        var body = new JsonArray([.. page.Select(d => (JsonNode)Summary(d))]).ToJsonString();
        var origin = LinkOrigin ?? Origin;
        var first = $"<{origin}/{Hook}/deliveries?per_page={perPage}>; rel=\"first\"";
        if (start + page.Count >= deliveries.Count)
            return new FakeApiAnswer(200, body, start == 0 ? null : new Dictionary<string, string> { ["Link"] = first });

        var next = $"<{origin}/{Hook}/deliveries?per_page={perPage}&cursor=v1_{page[^1].Id}>; rel=\"next\"";
        return new FakeApiAnswer(200, body, new Dictionary<string, string> { ["Link"] = $"{next}, {first}" });
    }

    private static JsonObject Summary(Delivery d) => new()
    {
        ["id"] = d.Id,
        ["guid"] = d.Guid,
        ["delivered_at"] = d.DeliveredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ["redelivery"] = d.Redelivery,
        ["duration"] = 0.27,
        ["status"] = d.StatusCode is >= 200 and < 300 ? "OK" : "Invalid HTTP Response: " + d.StatusCode.ToString(CultureInfo.InvariantCulture),
        ["status_code"] = d.StatusCode,
        ["event"] = d.Event,
        ["action"] = d.Action,
        ["installation_id"] = null,
        ["repository_id"] = 1296269,
        ["throttled_at"] = null,
    };

    private JsonObject Detail(Delivery d)
    {
        var detail = Summary(d);
        detail["url"] = $"{Origin}/{Hook}/deliveries/{d.Id}";
        detail["request"] = new JsonObject
        {
            ["headers"] = new JsonObject
            {
                ["X-GitHub-Delivery"] = d.Guid,
                ["X-GitHub-Event"] = d.Event,
                ["X-GitHub-Hook-ID"] = Hook[(Hook.LastIndexOf('/') + 1)..],
                ["Content-Type"] = "application/json",
                ["User-Agent"] = "GitHub-Hookshot/044aadd",
            },
            ["payload"] = JsonNode.Parse(d.Payload),
        };
        detail["response"] = new JsonObject { ["headers"] = new JsonObject(), ["payload"] = "ok" };
        return detail;
    }

    private protected override string ErrorBody(int statusCode) => new JsonObject
    {
        ["message"] = statusCode switch
        {
            401 => "Bad credentials",
            403 => "Resource not accessible by personal access token",
            404 => "Not Found",
            429 => "API rate limit exceeded for user ID 1.",
            _ => "Server Error",
        },
        ["documentation_url"] = "https://docs.github.com/rest",
    }.ToJsonString();

    private protected override void DropFirstItemId(JsonNode body)
    {
        // The event's id is the guid; the delivery id is GitHub's own.
        if (body is JsonArray { Count: > 0 } list && list[0] is JsonObject first)
            first.Remove("guid");
    }

    private sealed record Delivery(long Id, string Guid, string Event, string? Action, DateTimeOffset DeliveredAt, bool Redelivery, int StatusCode, string Payload);
}
