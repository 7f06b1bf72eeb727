using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Hookbox;

/// <summary>Validates <see cref="HookboxOptions"/> at start; every failure names its configuration key.</summary>
internal sealed class HookboxOptionsValidator(IConfiguration? configuration = null) : IValidateOptions<HookboxOptions>
{
    private const string Section = HookboxOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, HookboxOptions options)
    {
        var errors = new List<string>();
        if (configuration is not null)
            ConfigurationKeyCheck.Check(configuration.GetSection(Section), typeof(HookboxOptions), errors);

        // A source whose settings did not bind was dropped by the binder: its key errors say why.
        if (errors.Count > 0)
            return ValidateOptionsResult.Fail(errors);

        if (string.IsNullOrWhiteSpace(options.DataDirectory))
            errors.Add($"{Section}:DataDirectory is empty; set it to a writable directory");

        if (options.Store.Provider is not null && string.IsNullOrWhiteSpace(options.Store.Provider))
            errors.Add($"{Section}:Store:Provider is empty; use {StoreOptions.Sqlite} or {StoreOptions.PostgreSql}");

        if (options.Sources.Count == 0)
            errors.Add($"{Section}:Sources is empty; configure at least one source, such as {Section}:Sources:pocketsflow, or set POCKETSFLOW_WEBHOOK_SECRET");

        foreach (var (sourceName, source) in options.Sources)
        {
            WebhookSourceFactory.TryCreate(sourceName, source, errors);
        }

        RouteFactory.Check(RouteFactory.Configured(options, errors), options, errors);

        var dispatch = options.Dispatch;
        if (dispatch.MaxAttempts is < 1 or > 100)
            errors.Add($"{Section}:Dispatch:MaxAttempts must be between 1 and 100, not {dispatch.MaxAttempts}");

        if (dispatch.InitialDelay <= TimeSpan.Zero || dispatch.MaxDelay < dispatch.InitialDelay)
            errors.Add($"{Section}:Dispatch:InitialDelay must be more than zero and no more than MaxDelay ({dispatch.MaxDelay})");

        if (dispatch.AttemptTimeout <= TimeSpan.Zero || dispatch.AttemptTimeout > TimeSpan.FromHours(1))
            errors.Add($"{Section}:Dispatch:AttemptTimeout must be more than zero and at most 01:00:00, not {dispatch.AttemptTimeout}");

        if (dispatch.Concurrency < 1 || dispatch.RouteConcurrency < 1)
            errors.Add($"{Section}:Dispatch:Concurrency and RouteConcurrency must be 1 or more");

        if (dispatch.LeaseAhead is < 0 or > 1000)
            errors.Add($"{Section}:Dispatch:LeaseAhead must be from 0 to 1000, not {dispatch.LeaseAhead}");

        if (dispatch.LeaseMargin < TimeSpan.FromSeconds(1))
            errors.Add($"{Section}:Dispatch:LeaseMargin must be at least 00:00:01, so a timed-out attempt reports before its lease ends, not {dispatch.LeaseMargin}");

        ValidateAdmin(options.Admin, errors);
        ValidateForwardedHeaders(options.ForwardedHeaders, errors);

        var ingest = options.Ingest;
        if (ingest.MaxBatchSize is < 1 or > 10_000)
            errors.Add($"{Section}:Ingest:MaxBatchSize must be between 1 and 10000, not {ingest.MaxBatchSize}");

        if (ingest.MaxQueuedEvents < ingest.MaxBatchSize)
            errors.Add($"{Section}:Ingest:MaxQueuedEvents must be at least MaxBatchSize ({ingest.MaxBatchSize}), not {ingest.MaxQueuedEvents}");

        if (ingest.RejectionLogCapacity < 0)
            errors.Add($"{Section}:Ingest:RejectionLogCapacity must be 0 (keep none) or more, not {ingest.RejectionLogCapacity}");

        // At least one largest body: below that, a source's largest event could never be queued.
        var largestBody = options.Sources.Values.Select(s => (long)s.MaxBodyBytes).DefaultIfEmpty(0).Max();
        if (ingest.MaxQueuedBytes < Math.Max(1, largestBody))
            errors.Add($"{Section}:Ingest:MaxQueuedBytes must be at least the largest source MaxBodyBytes ({largestBody}), not {ingest.MaxQueuedBytes}");

        if (ingest.RejectionLogPerSource < 1)
            errors.Add($"{Section}:Ingest:RejectionLogPerSource must be 1 or more (RejectionLogCapacity 0 keeps none), not {ingest.RejectionLogPerSource}");

        if (ingest.RejectionLogMaxBytes < 64 * 1024)
            errors.Add($"{Section}:Ingest:RejectionLogMaxBytes must be at least 65536, not {ingest.RejectionLogMaxBytes}");

        if (ingest.RejectionHeaderBytes is < 256 or > 1024 * 1024)
            errors.Add($"{Section}:Ingest:RejectionHeaderBytes must be between 256 and 1048576, not {ingest.RejectionHeaderBytes}");

        ValidateLimits(options.Limits, errors);

        var sampleInterval = options.Metrics.SampleInterval;
        if (sampleInterval < TimeSpan.FromMilliseconds(100) || sampleInterval > TimeSpan.FromHours(1))
            errors.Add($"{Section}:Metrics:SampleInterval must be between 00:00:00.1 and 01:00:00, not {sampleInterval}");

        ValidateRetention(options.Retention, errors);
        ValidateAlerts(options.Alerts, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateAdmin(AdminOptions admin, List<string> errors)
    {
        if (admin.Token is { } token && token.Trim().Length < AdminOptions.MinimumTokenLength)
            errors.Add($"{Section}:Admin:Token must be at least {AdminOptions.MinimumTokenLength} characters; leave it unset to have one generated into {AdminTokenFile.FileName} in the data directory");

        if (admin.MaxFailedAttempts is < 1 or > 10_000)
            errors.Add($"{Section}:Admin:MaxFailedAttempts must be between 1 and 10000, not {admin.MaxFailedAttempts}");

        if (admin.FailedAttemptWindow < TimeSpan.FromSeconds(1) || admin.FailedAttemptWindow > TimeSpan.FromHours(1))
            errors.Add($"{Section}:Admin:FailedAttemptWindow must be between 00:00:01 and 01:00:00, not {admin.FailedAttemptWindow}");
    }

    private static void ValidateForwardedHeaders(ForwardedHeadersSettings forwarded, List<string> errors)
    {
        const string Forwarded = $"{Section}:ForwardedHeaders";
        for (var i = 0; i < forwarded.KnownProxies.Count; i++)
        {
            if (!System.Net.IPAddress.TryParse(forwarded.KnownProxies[i]?.Trim(), out _))
                errors.Add($"{Forwarded}:KnownProxies:{i} '{forwarded.KnownProxies[i]}' is not an IP address, such as 127.0.0.1 or ::1");
        }

        for (var i = 0; i < forwarded.KnownNetworks.Count; i++)
        {
            if (!System.Net.IPNetwork.TryParse(forwarded.KnownNetworks[i]?.Trim(), out _))
                errors.Add($"{Forwarded}:KnownNetworks:{i} '{forwarded.KnownNetworks[i]}' is not a network in CIDR form, such as 10.0.0.0/8");
        }
    }

    private static void ValidateLimits(LimitsOptions limits, List<string> errors)
    {
        const string Limits = $"{Section}:Limits";
        if (limits.MaxConcurrentConnections < 1)
            errors.Add($"{Limits}:MaxConcurrentConnections must be 1 or more, not {limits.MaxConcurrentConnections}");

        // Below 1 KiB, ordinary senders' headers would be refused.
        if (limits.MaxRequestHeadersTotalSize is < 1024 or > 1024 * 1024)
            errors.Add($"{Limits}:MaxRequestHeadersTotalSize must be between 1024 and 1048576, not {limits.MaxRequestHeadersTotalSize}");

        if (limits.RequestHeadersTimeout < TimeSpan.FromSeconds(1) || limits.RequestHeadersTimeout > TimeSpan.FromMinutes(10))
            errors.Add($"{Limits}:RequestHeadersTimeout must be between 00:00:01 and 00:10:00, not {limits.RequestHeadersTimeout}");

        if (!(limits.MinRequestBodyBytesPerSecond >= 0 && double.IsFinite(limits.MinRequestBodyBytesPerSecond)))
            errors.Add($"{Limits}:MinRequestBodyBytesPerSecond must be 0 (no check) or more");

        if (limits.MinRequestBodyGracePeriod <= TimeSpan.FromSeconds(1) || limits.MinRequestBodyGracePeriod > TimeSpan.FromMinutes(10))
            errors.Add($"{Limits}:MinRequestBodyGracePeriod must be more than 00:00:01 (Kestrel checks rates once a second) and at most 00:10:00, not {limits.MinRequestBodyGracePeriod}");

        if (limits.MaxRefusals < 0)
            errors.Add($"{Limits}:MaxRefusals must be 0 (no throttle) or more, not {limits.MaxRefusals}");

        if (limits.RefusalWindow < TimeSpan.FromSeconds(1) || limits.RefusalWindow > TimeSpan.FromHours(1))
            errors.Add($"{Limits}:RefusalWindow must be between 00:00:01 and 01:00:00, not {limits.RefusalWindow}");

        if (limits.ThrottledAnswerDelay < TimeSpan.Zero || limits.ThrottledAnswerDelay > TimeSpan.FromSeconds(30))
            errors.Add($"{Limits}:ThrottledAnswerDelay must be between 00:00:00 and 00:00:30, not {limits.ThrottledAnswerDelay}");

        if (limits.RefusalLogLinesPerMinute < 0)
            errors.Add($"{Limits}:RefusalLogLinesPerMinute must be 0 (none) or more, not {limits.RefusalLogLinesPerMinute}");
    }

    private static void ValidateRetention(RetentionOptions retention, List<string> errors)
    {
        if (retention.Payloads <= TimeSpan.Zero)
            errors.Add($"{Section}:Retention:Payloads must be more than zero, such as 30.00:00:00 (30 days), not {retention.Payloads}");

        // A dedupe key outliving its payload is the point: the other way round, an event would
        // be deleted while its payload was meant to be kept.
        if (retention.DedupeKeys <= TimeSpan.Zero || retention.DedupeKeys < retention.Payloads)
            errors.Add($"{Section}:Retention:DedupeKeys must be at least Retention:Payloads ({retention.Payloads}), not {retention.DedupeKeys}");

        // Zero is the documented "keep them"; a negative period is a typo, not a choice.
        if (retention.Unrouted < TimeSpan.Zero)
            errors.Add($"{Section}:Retention:Unrouted must be zero (keep them) or more, such as 30.00:00:00 (30 days), not {retention.Unrouted}");

        if (retention.Dead < TimeSpan.Zero)
            errors.Add($"{Section}:Retention:Dead must be zero (keep them) or more, such as 90.00:00:00 (90 days), not {retention.Dead}");

        // A day at most: pruning should not wait longer than that, and timers take no more than ~49 days.
        if (retention.Interval < TimeSpan.FromSeconds(1) || retention.Interval > TimeSpan.FromDays(1))
            errors.Add($"{Section}:Retention:Interval must be between 00:00:01 and 1.00:00:00, such as 01:00:00, not {retention.Interval}");

        if (retention.BatchSize is < 1 or > 10_000)
            errors.Add($"{Section}:Retention:BatchSize must be between 1 and 10000, not {retention.BatchSize}");
    }

    private static void ValidateAlerts(AlertOptions alerts, List<string> errors)
    {
        const string Alerts = $"{Section}:Alerts";
        if (alerts.Window <= TimeSpan.Zero || alerts.Window > TimeSpan.FromDays(1))
            errors.Add($"{Alerts}:Window must be more than zero and at most 1.00:00:00, not {alerts.Window}");

        // Written this way round so NaN fails too.
        if (!(alerts.Threshold > 0 && alerts.Threshold <= 1))
            errors.Add($"{Alerts}:Threshold must be a fraction more than 0 and at most 1 (0.1 is 10%), not {alerts.Threshold.ToString(System.Globalization.CultureInfo.InvariantCulture)}");

        if (alerts.MinEvents < 1)
            errors.Add($"{Alerts}:MinEvents must be 1 or more, not {alerts.MinEvents}");

        if (alerts.OldestPending <= TimeSpan.Zero)
            errors.Add($"{Alerts}:OldestPending must be more than zero, not {alerts.OldestPending}");

        if (alerts.Cooldown <= TimeSpan.Zero)
            errors.Add($"{Alerts}:Cooldown must be more than zero, not {alerts.Cooldown}");

        // Evaluating less often than once a window would let a whole window's failures go unseen.
        if (alerts.EvaluateEvery < TimeSpan.FromSeconds(1) || alerts.EvaluateEvery > alerts.Window)
            errors.Add($"{Alerts}:EvaluateEvery must be at least 00:00:01 and at most Window ({alerts.Window}), not {alerts.EvaluateEvery}");

        // The URL is not echoed: a Slack or Teams webhook URL carries its credential.
        if (!string.IsNullOrWhiteSpace(alerts.WebhookUrl)
            && !AbsoluteUri.TryCreateHttp(alerts.WebhookUrl.Trim(), out _))
            errors.Add($"{Alerts}:WebhookUrl must be an absolute http:// or https:// URL, such as a Slack or Teams incoming webhook");
    }
}
