namespace Hookbox.Tests.CatchUp;

/// <summary>Builds senders the way a source does (validated settings, the factory), and reads a whole look.</summary>
internal static class CatchUpTesting
{
    /// <summary>A fixed "now": the fakes keep no clock, so tests need none either.</summary>
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The last day up to <see cref="Now"/>.</summary>
    public static readonly CatchUpWindow LastDay = new(Now.AddDays(-1), Now);

    public static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>Paddle Billing's <c>GET /events</c>, as the README documents it: no time filter, newest first, <c>after</c> the last event id.</summary>
    public static void PaddleBilling(CatchUpOptions options)
    {
        options.ListPath = "/events";
        options.CursorParameter = "after";
        options.PageSizeParameter = "per_page";
        options.PageSize = 50;
        options.HasMorePointer = "/meta/pagination/has_more";
        options.ItemsPointer = "/data";
        options.IdPointer = "/event_id";
        options.TypePointer = "/event_type";
        options.TimePointer = "/occurred_at";
    }

    /// <summary>A sender for <paramref name="api"/>, its settings checked as at start.</summary>
    public static ICatchUpSender Sender(string scheme, FakeApi api, HttpClient http, Action<CatchUpOptions>? configure = null, string? apiKey = null)
    {
        var options = new CatchUpOptions { ApiKey = apiKey ?? api.ApiKey, BaseUrl = api.BaseUrl.AbsoluteUri };
        configure?.Invoke(options);
        var errors = new List<string>();
        var descriptor = WebhookSchemes.Find(scheme)!;
        CatchUpSettings.Validate($"Hookbox:Sources:{scheme}:CatchUp", descriptor, options, errors);
        Assert.Empty(errors);
        return CatchUpSettings.CreateSender(descriptor, options, http);
    }

    /// <summary>Every page of a look, read to the end.</summary>
    public static async Task<Look> ReadAllAsync(ICatchUpSender sender, CatchUpWindow window, CancellationToken cancellationToken)
    {
        var pages = new List<CatchUpPage>();
        await foreach (var page in sender.ListAsync(window, cancellationToken))
            pages.Add(page);
        return new Look(pages);
    }

    /// <summary>What a look's pages held.</summary>
    public sealed record Look(IReadOnlyList<CatchUpPage> Pages)
    {
        public IReadOnlyList<CatchUpItem> Items { get; } = [.. Pages.SelectMany(p => p.Items)];

        public IReadOnlyList<string> Malformed { get; } = [.. Pages.SelectMany(p => p.Malformed)];
    }
}
