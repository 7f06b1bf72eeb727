using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Hookbox;

/// <summary>
/// Honours <c>POCKETSFLOW_WEBHOOK_SECRET</c>, the variable Pocketsflow's docs tell users to set:
/// it adds that secret to the <c>pocketsflow</c> source, creating the source if needed.
/// </summary>
internal sealed class PocketsflowSecretSetup(IConfiguration configuration) : IPostConfigureOptions<HookboxOptions>
{
    public const string VariableName = "POCKETSFLOW_WEBHOOK_SECRET";

    public void PostConfigure(string? name, HookboxOptions options)
    {
        var secret = configuration[VariableName]?.Trim();
        if (string.IsNullOrEmpty(secret))
            return;

        if (!options.Sources.TryGetValue(SchemeNames.Pocketsflow, out var source))
        {
            source = new SourceOptions { Scheme = SchemeNames.Pocketsflow };
            options.Sources[SchemeNames.Pocketsflow] = source;
        }

        if (!source.Secrets.Contains(secret))
            source.Secrets.Add(secret);
    }
}
