using System.CommandLine;
using Hookbox.Cli;

var root = new RootCommand("Hookbox: a durable inbox for incoming webhooks")
{
    ServeCommand.Create(),
    SendCommand.Create(),
    EventsCommand.Create(),
};

// The web host handles SIGINT and SIGTERM itself, draining in-flight requests and the inbox.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
