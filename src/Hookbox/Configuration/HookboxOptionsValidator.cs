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

        foreach (var (routeName, route) in options.Routes)
        {
            RouteFactory.TryCreate(routeName, route, options, errors);
        }

        var dispatch = options.Dispatch;
        if (dispatch.MaxAttempts is < 1 or > 100)
            errors.Add($"{Section}:Dispatch:MaxAttempts must be between 1 and 100, not {dispatch.MaxAttempts}");

        if (dispatch.InitialDelay <= TimeSpan.Zero || dispatch.MaxDelay < dispatch.InitialDelay)
            errors.Add($"{Section}:Dispatch:InitialDelay must be more than zero and no more than MaxDelay ({dispatch.MaxDelay})");

        if (dispatch.AttemptTimeout <= TimeSpan.Zero || dispatch.AttemptTimeout > TimeSpan.FromHours(1))
            errors.Add($"{Section}:Dispatch:AttemptTimeout must be more than zero and at most 01:00:00, not {dispatch.AttemptTimeout}");

        if (dispatch.Concurrency < 1 || dispatch.RouteConcurrency < 1)
            errors.Add($"{Section}:Dispatch:Concurrency and RouteConcurrency must be 1 or more");

        if (dispatch.LeaseMargin < TimeSpan.FromSeconds(1))
            errors.Add($"{Section}:Dispatch:LeaseMargin must be at least 00:00:01, so a timed-out attempt reports before its lease ends, not {dispatch.LeaseMargin}");

        if (options.Admin.Token is { } token && token.Trim().Length < AdminOptions.MinimumTokenLength)
            errors.Add($"{Section}:Admin:Token must be at least {AdminOptions.MinimumTokenLength} characters; leave it unset to allow loopback clients only");

        var ingest = options.Ingest;
        if (ingest.MaxBatchSize is < 1 or > 10_000)
            errors.Add($"{Section}:Ingest:MaxBatchSize must be between 1 and 10000, not {ingest.MaxBatchSize}");

        if (ingest.MaxQueuedEvents < ingest.MaxBatchSize)
            errors.Add($"{Section}:Ingest:MaxQueuedEvents must be at least MaxBatchSize ({ingest.MaxBatchSize}), not {ingest.MaxQueuedEvents}");

        if (ingest.RejectionLogCapacity < 0)
            errors.Add($"{Section}:Ingest:RejectionLogCapacity must be 0 (keep none) or more, not {ingest.RejectionLogCapacity}");

        var sampleInterval = options.Metrics.SampleInterval;
        if (sampleInterval < TimeSpan.FromMilliseconds(100) || sampleInterval > TimeSpan.FromHours(1))
            errors.Add($"{Section}:Metrics:SampleInterval must be between 00:00:00.1 and 01:00:00, not {sampleInterval}");

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
