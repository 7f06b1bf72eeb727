using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hookbox;

/// <summary>
/// Resolves the admin token when the host starts, so a first start writes <c>admin.token</c>
/// before any request, and says at start what an operator must know: where a generated token
/// is (never the token), and that loopback clients need none when that was chosen.
/// </summary>
internal sealed partial class AdminStartup(AdminCredential credential, IOptions<HookboxOptions> options, ILogger<AdminStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (credential.FilePath is { } path)
        {
            if (credential.Created)
                Log.TokenGenerated(logger, path);
            else
                Log.TokenFromFile(logger, path);
        }

        if (options.Value.Admin.AllowLocalWithoutToken)
            Log.LocalWithoutToken(logger);

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEventIds.Admin.TokenGenerated, Level = LogLevel.Information, Message = "Hookbox:Admin:Token is not set: an admin token was generated in {Path}; the API, /metrics and the dashboard want it")]
        public static partial void TokenGenerated(ILogger logger, string path);

        [LoggerMessage(EventId = LogEventIds.Admin.TokenFromFile, Level = LogLevel.Information, Message = "Hookbox:Admin:Token is not set: the admin token is the one kept in {Path}")]
        public static partial void TokenFromFile(ILogger logger, string path);

        [LoggerMessage(EventId = LogEventIds.Admin.LocalWithoutToken, Level = LogLevel.Warning, Message = "Hookbox:Admin:AllowLocalWithoutToken is true: loopback clients use the API, /metrics and the dashboard without the admin token. " +
            "For development only: behind a reverse proxy or a TCP forwarder on this host, every caller looks local")]
        public static partial void LocalWithoutToken(ILogger logger);
    }
}
