using System.Net;
using System.Text.Json;
using Hookbox.PostgreSql;
using Microsoft.Extensions.DependencyInjection;

namespace Hookbox.AspNetCore.Tests;

/// <summary>
/// Library mode on PostgreSQL: <c>AddHookbox().AddPostgreSqlStore(…)</c> in an application's own
/// host, with a typed handler, and nothing in configuration naming the store.
/// </summary>
public sealed class PostgreSqlLibraryModeTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task AddPostgreSqlStore_EventPosted_IsStoredInItsSchemaAndHandled()
    {
        await using var schema = TestSchema.Create();
        var handled = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var settings = HookboxTestHost.DefaultSettings(_directory.Path);
        // Instances sharing a PostgreSQL inbox share one configured token: none is generated.
        settings["Hookbox:Admin:Token"] = "library-mode-admin-token-0123456789";
        await using var host = await HookboxTestHost.StartAsync(
            settings,
            Token,
            services => services.AddSingleton(handled),
            store: hookbox => hookbox
                .AddPostgreSqlStore(o => (o.ConnectionString, o.Schema) = (schema.ConnectionString, schema.Name))
                .AddHandler<RecordingHandler>("pocketsflow", "*"));
        var body = PocketsflowEvents.Body("library-mode-1");

        using var request = PocketsflowEvents.Request(body);
        using var response = await host.Client.SendAsync(request, Token);
        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token)).RootElement;
        var id = answer.GetProperty("id").GetString()!;
        var stored = await host.Services.GetRequiredService<PostgreSqlInboxStore>().GetEventAsync(id, Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(schema.Name, host.Services.GetRequiredService<PostgreSqlInboxStore>().Schema);
        Assert.Equal("library-mode-1", stored?.Summary.EventId);
        Assert.Equal("library-mode-1", await handled.Task.WaitAsync(TimeSpan.FromSeconds(30), Token));
    }

    private sealed class RecordingHandler(TaskCompletionSource<string> handled) : IWebhookHandler
    {
        public Task HandleAsync(WebhookEvent webhook, CancellationToken cancellationToken)
        {
            handled.TrySetResult(webhook.EventId);
            return Task.CompletedTask;
        }
    }
}
