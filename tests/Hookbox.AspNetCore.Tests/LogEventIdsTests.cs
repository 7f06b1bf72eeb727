using System.Reflection;
using Hookbox.PostgreSql;
using Hookbox.Sqlite;
using Microsoft.Extensions.Logging;

namespace Hookbox.AspNetCore.Tests;

/// <summary>
/// Log event ids are unique across the product and all come from <see cref="LogEventIds"/>
/// (issue 12: retention and the stats sampler both logged 2100–2102, alerts and catch-up 7000–7002).
/// </summary>
public sealed class LogEventIdsTests
{
    // Every product assembly with [LoggerMessage] methods; the CLI has none yet, and takes its ids from the registry when it does.
    private static readonly Assembly[] Product =
    [
        typeof(LogEventIds).Assembly,
        typeof(IngestEndpoint).Assembly,
        typeof(SqliteInboxStore).Assembly,
        typeof(PostgreSqlInboxStore).Assembly,
    ];

    [Fact]
    public void LoggerMessages_AcrossTheProduct_HaveUniqueIds()
    {
        var clashes = LoggerMessages()
            .GroupBy(m => m.Id)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Name))}")
            .ToList();

        Assert.Empty(clashes);
    }

    [Fact]
    public void LoggerMessages_AcrossTheProduct_TakeTheirIdsFromTheRegistry()
    {
        var registered = RegistryIds().Select(r => r.Id).ToHashSet();

        Assert.Empty(LoggerMessages().Where(m => !registered.Contains(m.Id)).Select(m => $"{m.Id}: {m.Name}"));
    }

    [Fact]
    public void Registry_Ids_AreUnique()
    {
        var clashes = RegistryIds().GroupBy(r => r.Id).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(r => r.Name))}");

        Assert.Empty(clashes);
    }

    private static List<(int Id, string Name)> LoggerMessages() =>
    [
        .. from assembly in Product
           from type in assembly.GetTypes()
           from method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
           let attribute = method.GetCustomAttribute<LoggerMessageAttribute>()
           where attribute is not null
           select (attribute.EventId, $"{type.FullName}.{method.Name}"),
    ];

    private static List<(int Id, string Name)> RegistryIds() =>
    [
        .. from area in typeof(LogEventIds).GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic)
           from field in area.GetFields(BindingFlags.Public | BindingFlags.Static)
           where field.IsLiteral && field.FieldType == typeof(int)
           select ((int)field.GetRawConstantValue()!, $"{area.Name}.{field.Name}"), // an int constant always has a value
    ];
}
