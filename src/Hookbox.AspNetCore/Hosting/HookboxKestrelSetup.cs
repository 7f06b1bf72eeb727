using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Hookbox.AspNetCore;

/// <summary>Applies the validated <c>Hookbox:Limits</c> settings to Kestrel when the server is created.</summary>
internal sealed class HookboxKestrelSetup(IOptions<HookboxOptions> hookbox) : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions options)
    {
        HookboxOptions settings;
        try
        {
            settings = hookbox.Value;
        }
        catch (OptionsValidationException)
        {
            // The server is created when the application is built, before start-up validates:
            // the start (ValidateOnStart) then reports every failure by its key, and Kestrel
            // never listens. Thrown from here, it would be an unhandled exception instead.
            return;
        }

        options.ApplyHookboxLimits(settings.Limits);
    }
}
