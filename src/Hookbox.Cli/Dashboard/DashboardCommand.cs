using System.CommandLine;
using System.Diagnostics;
using System.ComponentModel;
using Spectre.Console;

namespace Hookbox.Cli;

/// <summary>
/// <c>hookbox dashboard</c>: prints, or opens, a link that signs this browser tab in to the
/// dashboard. The token rides in the fragment (<c>/#token=…</c>), which a browser never sends to
/// a server, so it reaches no access log; the page moves it to the tab's storage and out of the
/// address bar.
/// </summary>
internal static class DashboardCommand
{
    public static Command Create()
    {
        var server = new ServerOptions();
        var open = new Option<bool>("--open") { Description = "Open the link in the default browser (xdg-open, open or start)" };
        var command = new Command("dashboard", "Print a link that signs in to the dashboard (the admin token is in its fragment)");
        command.Options.Add(open);
        server.AddTo(command);
        command.SetAction(result =>
        {
            var output = CliOutput.Create(result.GetValue(server.Json));
            if (server.Resolve(result, output) is not ({ } baseAddress, var token))
                return ExitCodes.Usage;

            if (token is null)
            {
                return output.Fail(
                    "No admin token found: pass --token or --token-file, set HOOKBOX_TOKEN or Hookbox:Admin:Token, " +
                    "or run this where 'hookbox serve' keeps its data directory (its admin.token file).");
            }

            var link = $"{baseAddress.ToString().TrimEnd('/')}/#token={Uri.EscapeDataString(token)}";
            if (output.Json)
                CliOutput.WriteJson(System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["url"] = link }));
            else
                Console.Out.WriteLine(link);

            if (result.GetValue(open) && !TryOpen(link))
                output.Errors.MarkupLine("[yellow]No browser opener (xdg-open, open or start) was found: open the link above yourself.[/]");

            return ExitCodes.Ok;
        });
        return command;
    }

    private static bool TryOpen(string link)
    {
        var start = OperatingSystem.IsWindows() ? new ProcessStartInfo("cmd") { ArgumentList = { "/c", "start", "", link } }
            : OperatingSystem.IsMacOS() ? new ProcessStartInfo("open") { ArgumentList = { link } }
            : new ProcessStartInfo("xdg-open") { ArgumentList = { link } };
        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        try
        {
            using var process = Process.Start(start);
            return process is not null;
        }
        catch (Win32Exception)
        {
            return false;
        }
    }
}
