using Microsoft.Extensions.Options;

namespace Hookbox;

/// <summary>The configured sources, built once from validated options, looked up by name on every request.</summary>
internal sealed class SourceRegistry
{
    private readonly Dictionary<string, WebhookSource> _sources;

    public SourceRegistry(IOptions<HookboxOptions> options)
    {
        var errors = new List<string>();
        _sources = new Dictionary<string, WebhookSource>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, source) in options.Value.Sources)
        {
            if (WebhookSourceFactory.TryCreate(name, source, errors) is { } created)
                _sources[name] = created;
        }

        // Options are validated on start, so this only fires when validation was bypassed.
        if (errors.Count > 0)
            throw new OptionsValidationException(HookboxOptions.SectionName, typeof(HookboxOptions), errors);
    }

    public WebhookSource? Find(string name) => _sources.GetValueOrDefault(name);

    /// <summary>Every configured source.</summary>
    public IEnumerable<WebhookSource> All => _sources.Values;
}
