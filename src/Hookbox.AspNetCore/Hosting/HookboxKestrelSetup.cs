using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Hookbox.AspNetCore;

/// <summary>Applies the validated <c>Hookbox:Limits</c> settings to Kestrel when the server starts.</summary>
internal sealed class HookboxKestrelSetup(IOptions<HookboxOptions> hookbox) : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions options) => options.ApplyHookboxLimits(hookbox.Value.Limits);
}
