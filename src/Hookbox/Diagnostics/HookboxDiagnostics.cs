namespace Hookbox;

/// <summary>
/// The names under which Hookbox reports what it does, for an application's own telemetry set-up:
/// <c>AddOpenTelemetry().WithMetrics(m =&gt; m.AddMeter(HookboxDiagnostics.MeterName))</c> and
/// <c>.WithTracing(t =&gt; t.AddSource(HookboxDiagnostics.ActivitySourceName))</c>.
/// <c>AddHookbox()</c> registers the meter already (with the Prometheus exporter that <c>/metrics</c>
/// serves); the activity source is the application's to add, with the trace exporter it uses.
/// </summary>
public static class HookboxDiagnostics
{
    /// <summary>The one <see cref="System.Diagnostics.Metrics.Meter"/> every Hookbox instrument is on: <c>Hookbox</c>.</summary>
    public const string MeterName = "Hookbox";

    /// <summary>The one <see cref="System.Diagnostics.ActivitySource"/> Hookbox's traces come from: <c>Hookbox</c>.</summary>
    public const string ActivitySourceName = "Hookbox";
}
