using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Hookbox.Deploy.Tests;

/// <summary>
/// deploy/compose: two Hookbox instances on one PostgreSQL behind Caddy. Images cannot be pulled
/// here, so the file is checked as data: what each service is, what it trusts, what it exposes.
/// </summary>
public sealed class ComposeFileTests
{
    private static readonly string Directory = Repository.PathOf("deploy/compose");
    private static readonly ComposeFile Compose = ComposeFile.Read(Path.Combine(Directory, "compose.yaml"));
    private static readonly string[] Instances = ["hookbox-1", "hookbox-2"];

    [Fact]
    public void Services_AreTwoHookboxInstancesPostgresAndCaddy()
    {
        var names = Compose.Services.Children.Keys.Select(ComposeFile.Scalar).Order(StringComparer.Ordinal);

        Assert.Equal(["caddy", "hookbox-1", "hookbox-2", "postgres"], names);
        Assert.All(Instances, name => Assert.Equal("hookbox:latest", ComposeFile.Scalar(Compose.Service(name)["image"])));
    }

    [Fact]
    public void Instances_ShareOnePostgreSqlInboxWithTheSameSettings()
    {
        var first = Compose.Environment("hookbox-1");

        Assert.Equal("postgresql", first["Hookbox__Store__Provider"]);
        Assert.Matches(new Regex("^Host=postgres;Database=hookbox;Username=hookbox;Password=\\$\\{POSTGRES_PASSWORD:\\?"), first["Hookbox__Store__ConnectionString"]);
        Assert.Equal(first, Compose.Environment("hookbox-2"));
    }

    [Fact]
    public void Instances_SecretsComeFromTheEnvFileAndAreRequired()
    {
        var environment = Compose.Environment("hookbox-1");
        var example = File.ReadAllLines(Path.Combine(Directory, "env.example"));

        foreach (var (name, variable) in new[] { ("Hookbox__Admin__Token", "HOOKBOX_ADMIN_TOKEN"), ("POCKETSFLOW_WEBHOOK_SECRET", "POCKETSFLOW_WEBHOOK_SECRET") })
        {
            Assert.StartsWith($"${{{variable}:?", environment[name], StringComparison.Ordinal);
            Assert.Contains($"{variable}=", example);
        }

        Assert.Contains("POSTGRES_PASSWORD=", example);
        Assert.Contains(".env", File.ReadAllLines(Path.Combine(Directory, ".gitignore")));
    }

    [Fact]
    public void Instances_TrustForwardedHeadersFromCaddysAddressOnly()
    {
        var caddyAddress = ComposeFile.Scalar(ComposeFile.Mapping(ComposeFile.Mapping(Compose.Service("caddy"), "networks"), "edge")["ipv4_address"]);
        var subnet = ComposeFile.Scalar(((YamlMappingNode)((YamlSequenceNode)ComposeFile.Mapping(ComposeFile.Mapping(ComposeFile.Mapping(Compose.Root, "networks"), "edge"), "ipam")["config"]).Children.Single())["subnet"]);

        foreach (var instance in Instances)
        {
            var environment = Compose.Environment(instance);
            Assert.Equal(caddyAddress, environment["Hookbox__ForwardedHeaders__KnownProxies__0"]);
            Assert.DoesNotContain(environment.Keys, key => key.StartsWith("Hookbox__ForwardedHeaders__KnownNetworks", StringComparison.Ordinal));
        }

        Assert.True(System.Net.IPNetwork.Parse(subnet).Contains(System.Net.IPAddress.Parse(caddyAddress)), $"{caddyAddress} is not in {subnet}");
    }

    [Fact]
    public void Instances_PublishNoPortAndCaddyIsTheWayIn()
    {
        Assert.All(Instances, name => Assert.Null(ComposeFile.Find(Compose.Service(name), "ports")));
        Assert.Contains("443:443", ComposeFile.Sequence(Compose.Service("caddy"), "ports"));
    }

    [Fact]
    public void Postgres_IsOnAnInternalNetworkWithTheInstancesOnly()
    {
        var database = ComposeFile.Mapping(ComposeFile.Mapping(Compose.Root, "networks"), "database");
        var onDatabase = Compose.Services.Children
            .Where(s => ComposeFile.Sequence((YamlMappingNode)s.Value, "networks").Contains("database"))
            .Select(s => ComposeFile.Scalar(s.Key))
            .Order(StringComparer.Ordinal);

        Assert.Equal("true", ComposeFile.Scalar(database["internal"]));
        Assert.Equal(["hookbox-1", "hookbox-2", "postgres"], onDatabase);
    }

    [Fact]
    public void Healthchecks_UseHookboxItselfAndPgIsReady()
    {
        foreach (var instance in Instances)
        {
            var test = ComposeFile.Sequence(ComposeFile.Mapping(Compose.Service(instance), "healthcheck"), "test");
            Assert.Equal(["CMD", "dotnet", "/app/Hookbox.Cli.dll", "healthcheck", "--ready"], test);
            Assert.Equal("service_healthy", ComposeFile.Scalar(ComposeFile.Mapping(ComposeFile.Mapping(Compose.Service(instance), "depends_on"), "postgres")["condition"]));
        }

        Assert.Contains("pg_isready", ComposeFile.Sequence(ComposeFile.Mapping(Compose.Service("postgres"), "healthcheck"), "test"));
    }

    [Fact]
    public void Volumes_EveryNamedVolumeIsDeclaredAndEveryMountedFileExists()
    {
        var declared = ComposeFile.Mapping(Compose.Root, "volumes").Children.Keys.Select(ComposeFile.Scalar).ToHashSet(StringComparer.Ordinal);
        var mounts = Compose.Services.Children.Values.SelectMany(s => ComposeFile.Sequence((YamlMappingNode)s, "volumes")).ToList();

        Assert.Contains("postgres-data:/var/lib/postgresql/data", mounts);
        foreach (var source in mounts.Select(m => m.Split(':')[0]))
        {
            if (source.StartsWith("./", StringComparison.Ordinal))
                Assert.True(File.Exists(Path.Combine(Directory, source)), $"{source} is mounted but does not exist");
            else
                Assert.Contains(source, declared);
        }
    }

    [Fact]
    public void Caddyfile_ProxiesToBothInstancesWithTlsAndTheBodyLimit()
    {
        var caddyfile = File.ReadAllText(Path.Combine(Directory, "Caddyfile"));

        Assert.Contains("./Caddyfile:/etc/caddy/Caddyfile:ro", ComposeFile.Sequence(Compose.Service("caddy"), "volumes"));
        Assert.Matches(new Regex(@"reverse_proxy hookbox-1:8080 hookbox-2:8080"), caddyfile);
        Assert.Matches(new Regex(@"(?m)^\s*tls internal"), caddyfile);
        Assert.Matches(new Regex(@"(?m)^\s*health_uri /readyz"), caddyfile);
        Assert.Matches(new Regex(@"(?m)^\s*max_size 1MiB"), caddyfile);
        Assert.DoesNotMatch(new Regex(@"(?m)^\s*trusted_proxies"), caddyfile);
    }
}
