namespace Hookbox.Deploy.Tests;

/// <summary>
/// The image <c>dotnet publish src/Hookbox.Cli -t:PublishContainer</c> builds (deploy/compose/README.md),
/// as the SDK's container targets compute it. The base image cannot be pulled here, so the
/// image itself is not built.
/// </summary>
public sealed class ContainerPropertiesTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PublishContainer_Default_IsTheChiseledAspNetImageRunningServeAsANonRootUser()
    {
        var image = await ContainerSettings.ComputeAsync([], Token);

        Assert.Equal("mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled", image.Property("ContainerBaseImage"));
        Assert.Equal("1654", image.Property("ContainerUser"));
        Assert.Equal("hookbox", image.Property("ContainerRepository"));
        Assert.Equal(["dotnet", "/app/Hookbox.Cli.dll"], image.Items("ContainerAppCommand"));
        Assert.Equal(["serve"], image.Items("ContainerDefaultArgs"));
    }

    [Fact]
    public async Task PublishContainer_Default_ListensOn8080AndKeepsItsDataInSlashData()
    {
        var image = await ContainerSettings.ComputeAsync([], Token);
        var environment = image.ItemsWith("ContainerEnvironmentVariables", "Value");

        Assert.Equal("tcp", image.ItemsWith("ContainerPort", "Type")["8080"]);
        Assert.Equal("8080", environment["ASPNETCORE_HTTP_PORTS"]);
        Assert.Equal("/data", environment["Hookbox__DataDirectory"]);
        Assert.Equal("/data", image.ItemsWith("ContainerLabel", "Value")["io.hookbox.data-volume"]);
    }

    [Fact]
    public async Task PublishContainer_SelfContained_IsTheChiseledRuntimeDepsImageRunningTheExecutable()
    {
        var image = await ContainerSettings.ComputeAsync(["RuntimeIdentifier=linux-x64"], Token);

        Assert.Equal("mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled", image.Property("ContainerBaseImage"));
        Assert.Equal("1654", image.Property("ContainerUser"));
        Assert.Equal(["/app/Hookbox.Cli"], image.Items("ContainerAppCommand"));
    }
}
