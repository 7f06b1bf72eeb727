using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Hookbox.Stores.Tests;

internal static class TestMetrics
{
    public static HookboxMetrics Create() => new(Factory());

    public static IMeterFactory Factory() => new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
}
