using System.Text.Json;

namespace Hookbox.Cli;

/// <summary>One answer of the events API: its status code and its body, read whole.</summary>
internal sealed record ApiAnswer(int StatusCode, string Body)
{
    public bool IsSuccess => StatusCode is >= 200 and < 300;

    /// <summary>The <c>message</c> of the API's error shape, else the body as it came.</summary>
    public string Message
    {
        get
        {
            if (string.IsNullOrWhiteSpace(Body))
                return "(the answer had no body)";

            try
            {
                using var error = JsonDocument.Parse(Body);
                return error.RootElement.TryGetProperty("message", out var message) && message.GetString() is { } text ? text : Body;
            }
            catch (JsonException)
            {
                return Body;
            }
        }
    }

    /// <summary>Reads the body as <typeparamref name="T"/>; the API's own shape, so a null is the server's fault.</summary>
    public T Read<T>() =>
        JsonSerializer.Deserialize<T>(Body, ApiJson.Options) ?? throw new JsonException($"The API answered {StatusCode} with 'null'.");

    /// <summary>
    /// Ends a command with this answer: its refusal, as <see cref="Fail"/>; else the body as it came
    /// under <c>--json</c>, or <paramref name="writeText"/>'s form for people. Returns the exit code.
    /// </summary>
    public int Print(CliOutput output, Action writeText)
    {
        if (!IsSuccess)
            return Fail(output);

        if (output.Json)
            CliOutput.WriteJson(Body);
        else
            writeText();

        return ExitCodes.Ok;
    }

    /// <summary>Prints the API's refusal as <c>404 no event has that id</c> and returns the failure exit code.</summary>
    public int Fail(CliOutput output) => output.Fail($"{StatusCode} {Message}");
}
