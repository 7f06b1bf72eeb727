using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Hookbox.AspNetCore;

/// <summary>Writes Hookbox's JSON answers, errors included: <c>{"error":"&lt;code&gt;","message":"&lt;what was wrong&gt;"}</c>.</summary>
internal static class JsonResponse
{
    public static Task WriteAsync(HttpResponse response, int statusCode, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
            write(writer);

        response.StatusCode = statusCode;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = buffer.WrittenCount;
        return response.Body.WriteAsync(buffer.WrittenMemory, response.HttpContext.RequestAborted).AsTask();
    }

    public static Task WriteErrorAsync(HttpResponse response, int statusCode, string error, string message) =>
        WriteAsync(response, statusCode, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("error", error);
            writer.WriteString("message", message);
            writer.WriteEndObject();
        });
}
