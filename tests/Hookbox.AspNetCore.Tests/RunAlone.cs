namespace Hookbox.AspNetCore.Tests;

/// <summary>
/// Tests that count what <c>/metrics</c> reports run alone: OpenTelemetry listens to meters by
/// name, process-wide, so a host scraped while another test's host runs would count that host's
/// traffic too.
/// </summary>
[CollectionDefinition(nameof(RunAlone), DisableParallelization = true)]
public sealed class RunAlone;
