namespace Hookbox;

/// <summary>
/// Hookbox's settings, bound from the configuration section <c>Hookbox</c> and validated at
/// start: a bad value stops the process with a message naming its key.
/// </summary>
public sealed class HookboxOptions
{
    /// <summary>The configuration section Hookbox binds from.</summary>
    public const string SectionName = "Hookbox";

    /// <summary>Where the SQLite inbox, the generated admin token and generated development secrets live. Default <c>hookbox-data</c>, relative to the working directory.</summary>
    public string DataDirectory { get; set; } = "hookbox-data";

    /// <summary>Which inbox store to use.</summary>
    public StoreOptions Store { get; set; } = new();

    /// <summary>The senders Hookbox accepts webhooks from, by name: the <c>{source}</c> of <c>POST /webhooks/{source}</c>. Names are case-insensitive.</summary>
    public Dictionary<string, SourceOptions> Sources { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Where events go, by route name: which source's events, which types, to which destination.</summary>
    public Dictionary<string, RouteOptions> Routes { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How deliveries run and are retried.</summary>
    public DispatchOptions Dispatch { get; set; } = new();

    /// <summary>Who may use the events API.</summary>
    public AdminOptions Admin { get; set; } = new();

    /// <summary>Which reverse proxies are believed about the client's address; unset, none is.</summary>
    public ForwardedHeadersSettings ForwardedHeaders { get; set; } = new();

    /// <summary>How the ingest path batches and bounds its work.</summary>
    public IngestOptions Ingest { get; set; } = new();

    /// <summary>What an abusive client may cost: connection and request limits, and the refusals one address may collect.</summary>
    public LimitsOptions Limits { get; set; } = new();

    /// <summary>How long delivered events keep their payloads and their dedupe keys.</summary>
    public RetentionOptions Retention { get; set; } = new();

    /// <summary>When failure rates, refused requests or a waiting backlog raise an alert, and where it goes.</summary>
    public AlertOptions Alerts { get; set; } = new();

    /// <summary>How Hookbox gathers its metrics.</summary>
    public MetricsOptions Metrics { get; set; } = new();
}
