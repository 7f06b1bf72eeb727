using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace Hookbox.Cli;

/// <summary>
/// <c>hookbox verify</c>: checks a saved body and signature against a secret, offline, with the
/// server's own verification code, and says exactly why it fails. Exit 0 valid, 1 not, 2 usage.
/// </summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var verify = new VerifyOptions();
        var command = new Command("verify", "Check a saved webhook body and signature against a secret, offline, and say why it fails");
        verify.AddTo(command);
        // Configuration may follow (--Hookbox:Sources:acme:Secrets:0=…), as for the other commands.
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((result, cancellationToken) => RunAsync(result, verify, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult result, VerifyOptions verify, CancellationToken cancellationToken)
    {
        var output = CliOutput.Create(result.GetValue(verify.Json));
        string[] configArgs = [.. result.UnmatchedTokens];
        if (CliConfiguration.UnknownOption(configArgs) is { } unknown)
            return output.Usage($"Unknown argument {unknown}: see --help for the options; configuration goes as --Hookbox:Key=value.");

        var bodyPath = result.GetValue(verify.Body)!; // required: the parser refuses a call without it
        byte[] body;
        try
        {
            body = await ReadBodyAsync(bodyPath, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return output.Usage($"Cannot read the body from '{bodyPath}': {ex.Message}");
        }

        var (_, configuration) = CliConfiguration.Load(configArgs);
        var (sourceName, options, error) = VerifySettings.Build(result, verify, configuration);
        if (options is null)
            return output.Usage(error!); // Build gives one or the other

        var input = new VerifyInput(body, result.GetValue(verify.Signature)!, result.GetValue(verify.Timestamp), result.GetValue(verify.Id)); // required option
        var diagnosis = new SignatureDoctor(sourceName, options, TimeProvider.System).Diagnose(input);
        Write(output, diagnosis, options.Scheme!); // set by VerifySettings
        return diagnosis.IsValid ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private static async Task<byte[]> ReadBodyAsync(string path, CancellationToken cancellationToken)
    {
        if (path != "-")
            return await File.ReadAllBytesAsync(path, cancellationToken);

        // Raw bytes, not Console.In: a text reader would decode and re-encode them.
        using var input = Console.OpenStandardInput();
        using var buffer = new MemoryStream();
        await input.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    private static void Write(CliOutput output, Diagnosis diagnosis, string scheme)
    {
        if (output.Json)
        {
            CliOutput.WriteJson(JsonSerializer.Serialize(new VerifyReport(diagnosis.IsValid, diagnosis.Code, diagnosis.Message, scheme, diagnosis.SenderTimestamp), ApiJson.Options));
            return;
        }

        output.Console.MarkupLine(diagnosis.IsValid
            ? $"[green bold]valid[/] ({Markup.Escape(scheme)}): {Markup.Escape(diagnosis.Message)}"
            : $"[red bold]not valid[/] ({Markup.Escape(diagnosis.Code)}, {Markup.Escape(scheme)}): {Markup.Escape(diagnosis.Message)}");
    }
}
