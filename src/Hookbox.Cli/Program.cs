using System.CommandLine;
using Hookbox.Cli;

var root = new RootCommand("Hookbox: a durable inbox for incoming webhooks")
{
    ServeCommand.Create(),
    SendCommand.Create(),
    EventsCommand.Create(),
    DeadCommand.Create(),
    EraseCommand.Create(),
    CatchUpCommand.Create(),
    VerifyCommand.Create(),
    DashboardCommand.Create(),
    BackupCommand.Create(),
    RestoreCommand.Create(),
    HealthcheckCommand.Create(),
};

// The web host handles SIGINT and SIGTERM itself, draining in-flight requests and the inbox.
var parsed = root.Parse(args);
var exitCode = await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });

// A command line the parser refused (a missing --body, an unknown --status) is a usage error,
// which scripts tell apart from a failure; the parser's own action has printed why.
return parsed.Errors.Count > 0 ? ExitCodes.Usage : exitCode;
