using System.CommandLine;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Options;
using Hookbox.PostgreSql;
using Hookbox.Sqlite;
using Npgsql;

namespace Hookbox.Cli;

/// <summary><c>hookbox serve</c>: the ready-to-run server, configured by appsettings.json, environment variables or the command line.</summary>
internal static class ServeCommand
{
    public const int ConfigurationError = 2;

    public static Command Create()
    {
        var urls = new Option<string?>("--urls")
        {
            Description = "Where to listen, such as http://127.0.0.1:5000 (default: ASPNETCORE_URLS, else http://localhost:5000)",
        };
        var command = new Command("serve", "Receive, verify and durably record webhooks")
        {
            urls,
        };

        // Anything else (--Hookbox:DataDirectory=…) is configuration for the host.
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((result, cancellationToken) =>
        {
            var hostArgs = new List<string>(result.UnmatchedTokens);
            if (result.GetValue(urls) is { } value)
                hostArgs.AddRange(["--urls", value]);

            return RunAsync([.. hostArgs], cancellationToken);
        });
        return command;
    }

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        // First: the runtime reads them when the first socket or file watcher is made.
        ServeRuntimeDefaults.ApplyUnlessSet();

        var builder = WebApplication.CreateBuilder(args);
        // Beneath every other source, so appsettings.json, variables and arguments still win:
        // ASP.NET Core's three lines per request would cost more than recording the event.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",

                // While this category can log at all, ASP.NET Core starts an Activity and a log
                // scope for every request, so that its lines carry a trace id: a sixth of what
                // ingest allocated. Its lines are each request's start and end (Information) and
                // the pipeline's build failures, which serve reports itself. Tracing, when turned
                // on, starts the activity regardless.
                ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "None",

                // Kestrel warns "Connection processing ended abnormally" (Reading is already in
                // progress, dotnet/aspnetcore#17840) for every connection Limits:MinRequestBodyBytesPerSecond
                // drops: an attacker trickling bodies would write a line per connection.
                ["Logging:LogLevel:Microsoft.AspNetCore.Server.Kestrel"] = "Error",
            },
        });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);

        // Under systemd (deploy/systemd/hookbox.service, Type=notify): READY=1 is sent on
        // ApplicationStarted, which the host raises only once every hosted service has started
        // (InboxStartup has migrated the store and started the writer) and Kestrel listens, since
        // WebApplication starts the server after the app's own hosted services. STOPPING=1 on
        // SIGTERM, and log lines carry journald's <priority> prefix. Elsewhere this does nothing.
        builder.Services.AddSystemd();

        var developmentSource = new DevelopmentSourceSetup();
        var hookbox = builder.Services.AddHookbox();

        // The whole server is Hookbox's here, so its limits are Kestrel's.
        builder.Services.AddHookboxServerLimits();
        var provider = builder.Configuration[$"{HookboxOptions.SectionName}:Store:Provider"] ?? StoreOptions.Sqlite;
        if (provider.Equals(StoreOptions.Sqlite, StringComparison.OrdinalIgnoreCase))
            hookbox.AddSqliteStore();
        else if (provider.Equals(StoreOptions.PostgreSql, StringComparison.OrdinalIgnoreCase))
            hookbox.AddPostgreSqlStore();
        else
            return Fail($"{HookboxOptions.SectionName}:Store:Provider '{provider}' is not supported; use {StoreOptions.Sqlite} or {StoreOptions.PostgreSql}");

        // Registered after AddHookbox, so it runs after POCKETSFLOW_WEBHOOK_SECRET has had its say.
        builder.Services.AddSingleton<IPostConfigureOptions<HookboxOptions>>(developmentSource);

        await using var app = builder.Build();
        app.MapHookbox();
        app.MapHookboxDashboard();

        HookboxOptions options;
        try
        {
            // Validated here first, so a bad setting is one clear message, not the host's stack trace.
            options = app.Services.GetRequiredService<IOptions<HookboxOptions>>().Value;
            await app.StartAsync(cancellationToken);
        }
        catch (OptionsValidationException ex)
        {
            return Fail(ex.Failures.ToArray());
        }
        catch (InvalidOperationException ex)
        {
            // Configuration binding ("Failed to convert configuration value at 'Hookbox:…'") and
            // missing registrations say what to fix; a stack trace would only hide it.
            return Fail(ex.Message);
        }
        catch (SqliteException ex)
        {
            return Fail($"the inbox could not be opened: {ex.Message}; check {HookboxOptions.SectionName}:DataDirectory");
        }
        catch (NpgsqlException ex)
        {
            // The server's message (refused, bad password, no such database) never holds the password.
            return Fail($"the PostgreSQL inbox could not be opened: {ex.Message}; check {HookboxOptions.SectionName}:Store:ConnectionString");
        }
        catch (IOException ex)
        {
            // Most often the address is taken: another hookbox, or another server.
            return Fail($"{ex.Message}; choose another address with --urls");
        }

        var inbox = app.Services.GetRequiredService<IInboxStore>() switch
        {
            SqliteInboxStore sqlite => sqlite.DatabasePath,
            PostgreSqlInboxStore postgreSql => postgreSql.Description,
            _ => Path.GetFullPath(options.DataDirectory),
        };
        StartupBanner.Print(Console.Out, app.Services.GetRequiredService<IServer>(), options, inbox, developmentSource.Applied,
            app.Services.GetRequiredService<AdminCredential>().FilePath);
        await app.WaitForShutdownAsync(cancellationToken);
        return 0;
    }

    private static int Fail(params string[] messages)
    {
        Console.Error.WriteLine("Hookbox cannot start:");
        foreach (var message in messages)
            Console.Error.WriteLine($"  {message}");

        return ConfigurationError;
    }
}
