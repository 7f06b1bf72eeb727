using Hookbox;

namespace Microsoft.AspNetCore.Server.Kestrel.Core;

/// <summary>Kestrel's limits set to Hookbox's <c>Limits</c> settings, for an application that hosts Hookbox.</summary>
public static class HookboxKestrelLimits
{
    /// <summary>
    /// Sets Kestrel's concurrent connections, total request header size, request-headers timeout
    /// and minimum request body data rate from <paramref name="limits"/>. They apply to the whole
    /// server, the application's own endpoints too; <c>hookbox serve</c> applies them always, and
    /// <c>services.AddHookboxServerLimits()</c> applies them from configuration in library mode.
    /// </summary>
    public static KestrelServerOptions ApplyHookboxLimits(this KestrelServerOptions kestrel, LimitsOptions limits)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        ArgumentNullException.ThrowIfNull(limits);
        kestrel.Limits.MaxConcurrentConnections = limits.MaxConcurrentConnections;
        kestrel.Limits.MaxRequestHeadersTotalSize = limits.MaxRequestHeadersTotalSize;
        kestrel.Limits.RequestHeadersTimeout = limits.RequestHeadersTimeout;
        kestrel.Limits.MinRequestBodyDataRate = limits.MinRequestBodyBytesPerSecond > 0
            ? new MinDataRate(limits.MinRequestBodyBytesPerSecond, limits.MinRequestBodyGracePeriod)
            : null;
        return kestrel;
    }
}
