using Microsoft.Extensions.Options;

namespace Hookbox.Cli;

/// <summary>
/// With no source configured at all, <c>hookbox serve</c> starts a <c>pocketsflow</c> source
/// with a generated secret, so a fresh clone answers signed test events at once.
/// </summary>
internal sealed class DevelopmentSourceSetup : IPostConfigureOptions<HookboxOptions>
{
    /// <summary>True once the sample source was set up, for the start-up banner.</summary>
    public bool Applied { get; private set; }

    public void PostConfigure(string? name, HookboxOptions options)
    {
        if (options.Sources.Count > 0)
            return;

        var source = new SourceOptions { Scheme = SchemeNames.Pocketsflow };
        source.Secrets.Add(DevelopmentSecret.LoadOrCreate(options.DataDirectory));
        options.Sources[SchemeNames.Pocketsflow] = source;
        Applied = true;
    }
}
