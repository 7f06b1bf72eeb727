namespace Hookbox.Cli.Tests;

/// <summary>The test classes that share one <see cref="CliServer"/>; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class CliServerGroup : ICollectionFixture<CliServer>
{
    public const string Name = "One hookbox serve for the client commands";
}
