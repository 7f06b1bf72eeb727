using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hookbox.AspNetCore.Tests;

/// <summary>A bad setting stops start-up with a message naming the key; misuse of the API says what to do.</summary>
public sealed class StartupTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("Hookbox:Sources:pocketsflow:Scheme", "paypal", "Hookbox:Sources:pocketsflow:Scheme 'paypal' is not a known scheme")]
    [InlineData("Hookbox:Sources:pocketsflow:Secrets:0", "", "Hookbox:Sources:pocketsflow:Secrets")]
    [InlineData("Hookbox:Admin:Token", "short", "Hookbox:Admin:Token must be at least 16")]
    [InlineData("Hookbox:Admin:MaxFailedAttempts", "0", "Hookbox:Admin:MaxFailedAttempts must be between 1 and 10000")]
    [InlineData("Hookbox:Admin:FailedAttemptWindow", "00:00:00", "Hookbox:Admin:FailedAttemptWindow must be between 00:00:01 and 01:00:00")]
    [InlineData("Hookbox:ForwardedHeaders:KnownProxies:0", "nginx", "Hookbox:ForwardedHeaders:KnownProxies:0 'nginx' is not an IP address")]
    [InlineData("Hookbox:ForwardedHeaders:KnownNetworks:0", "10.0.0.0/33", "Hookbox:ForwardedHeaders:KnownNetworks:0 '10.0.0.0/33' is not a network in CIDR form")]
    [InlineData("Hookbox:ForwardedHeaders:KnownNetworks:0", "10.0.0.1", "Hookbox:ForwardedHeaders:KnownNetworks:0 '10.0.0.1' is not a network in CIDR form")]
    [InlineData("Hookbox:Ingest:MaxBatchSize", "0", "Hookbox:Ingest:MaxBatchSize must be between 1 and 10000")]
    [InlineData("Hookbox:Retention:Payloads", "00:00:00", "Hookbox:Retention:Payloads must be more than zero")]
    [InlineData("Hookbox:Retention:DedupeKeys", "7.00:00:00", "Hookbox:Retention:DedupeKeys must be at least Retention:Payloads (30.00:00:00)")]
    [InlineData("Hookbox:Retention:Interval", "2.00:00:00", "Hookbox:Retention:Interval must be between 00:00:01 and 1.00:00:00")]
    [InlineData("Hookbox:Retention:Unrouted", "-1.00:00:00", "Hookbox:Retention:Unrouted must be zero (keep them) or more")]
    [InlineData("Hookbox:Retention:Dead", "-00:00:01", "Hookbox:Retention:Dead must be zero (keep them) or more")]
    [InlineData("Hookbox:Retention:BatchSize", "0", "Hookbox:Retention:BatchSize must be between 1 and 10000")]
    [InlineData("Hookbox:Metrics:SampleInterval", "00:00:00.010", "Hookbox:Metrics:SampleInterval must be between 00:00:00.1 and 01:00:00")]
    [InlineData("Hookbox:Sources:pocketsflow:ToleranceSeconds", "0", "Hookbox:Sources:pocketsflow:ToleranceSeconds is 0, which turns the timestamp check off")]
    public async Task Start_BadSetting_FailsNamingTheKey(string key, string value, string expected)
    {
        var settings = HookboxTestHost.DefaultSettings(_directory.Path);
        settings[key] = value;

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => HookboxTestHost.StartAsync(settings, Token));

        Assert.Contains(error.Failures, f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_ToleranceZeroWithAllowNoTolerance_Starts()
    {
        // Issue 11: turning the timestamp check off is allowed, as a choice written down.
        var settings = HookboxTestHost.DefaultSettings(_directory.Path);
        settings["Hookbox:Sources:pocketsflow:ToleranceSeconds"] = "0";
        settings["Hookbox:Sources:pocketsflow:AllowNoTolerance"] = "true";

        await using var host = await HookboxTestHost.StartAsync(settings, Token);
        using var response = await host.Client.SendAsync(PocketsflowEvents.Request(PocketsflowEvents.Body("no-tolerance-1")), Token);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("Hookbox:Sources:pocketsflow:ToleranceSeconds", "five minutes", "Hookbox:Sources:pocketsflow:ToleranceSeconds 'five minutes' is not a valid whole number")]
    [InlineData("Hookbox:Sources:pocketsflow:SignedTimestamp", "yes", "Hookbox:Sources:pocketsflow:SignedTimestamp 'yes' is not a valid true or false")]
    [InlineData("Hookbox:Sources:pocketsflow:Secret", "whsec_x", "Hookbox:Sources:pocketsflow:Secret is not a Hookbox setting; check its spelling")]
    [InlineData("Hookbox:DataDir", "/tmp", "Hookbox:DataDir is not a Hookbox setting; check its spelling")]
    [InlineData("Hookbox:Retention:DedupeKey", "90.00:00:00", "Hookbox:Retention:DedupeKey is not a Hookbox setting; check its spelling")]
    public async Task Start_SettingMistypedOrOfTheWrongType_FailsNamingTheKey(string key, string value, string expected)
    {
        var settings = HookboxTestHost.DefaultSettings(_directory.Path);
        settings[key] = value;

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => HookboxTestHost.StartAsync(settings, Token));

        Assert.Equal([expected], error.Failures);
    }

    [Fact]
    public async Task Start_ProviderOtherThanTheRegisteredStore_FailsNamingTheKey()
    {
        var settings = HookboxTestHost.DefaultSettings(_directory.Path);
        settings["Hookbox:Store:Provider"] = "postgresql";

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => HookboxTestHost.StartAsync(settings, Token));

        Assert.Contains(error.Failures, f => f.StartsWith("Hookbox:Store:Provider 'postgresql' is not the store this application registered", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_PostgreSqlStoreWithoutAnAdminToken_FailsNamingTheKey()
    {
        // Instances sharing one inbox would each generate a token of their own: none is generated.
        var settings = HookboxTestHost.DefaultSettings(_directory.Path);
        settings["Hookbox:Admin:AllowLocalWithoutToken"] = "true";

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => HookboxTestHost.StartAsync(settings, Token,
            store: hookbox => hookbox.AddPostgreSqlStore(o => o.ConnectionString = "Host=127.0.0.1;Port=1;Username=hookbox")));

        Assert.Contains(error.Failures, f => f.StartsWith("Hookbox:Admin:Token must be set with the PostgreSQL store", StringComparison.Ordinal));
        Assert.False(File.Exists(_directory.Combine("admin.token")));
    }

    [Fact]
    public async Task Start_StoreConnectionString_IsWhereTheSqliteInboxLives()
    {
        var settings = HookboxTestHost.DefaultSettings(_directory.Combine("unused"));
        settings["Hookbox:Store:ConnectionString"] = $"Data Source={_directory.Combine("elsewhere/inbox.db")}";

        await using (var host = await HookboxTestHost.StartAsync(settings, Token))
        {
            using var request = PocketsflowEvents.Request(PocketsflowEvents.Body("where-1"));
            using var response = await host.Client.SendAsync(request, Token);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }

        Assert.True(File.Exists(_directory.Combine("elsewhere/inbox.db")));
        // The data directory keeps the generated admin token, and no inbox.
        Assert.Equal(["admin.token"], Directory.GetFiles(_directory.Combine("unused")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Start_WithoutAStore_SaysWhichCallIsMissing()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddHookbox(o =>
        {
            o.Sources["github"] = new SourceOptions();
            o.Sources["github"].Secrets.Add("s");
        });
        await using var app = builder.Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync(Token));

        Assert.Contains("AddSqliteStore()", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapHookbox_WithoutAddHookbox_SaysSo()
    {
        await using var app = WebApplication.CreateSlimBuilder().Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapHookbox());

        Assert.Contains("AddHookbox()", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddHookbox_CalledTwice_StartsOneInbox()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.Services.AddHookbox().AddSqliteStore(o => o.DatabasePath = _directory.Combine("hookbox.db"));
        builder.Services.AddHookbox(o =>
        {
            o.Sources["github"] = new SourceOptions();
            o.Sources["github"].Secrets.Add("s");
        });

        await using var app = builder.Build();

        Assert.Single(app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>(), s => s.GetType().Name == "InboxStartup");
    }
}
