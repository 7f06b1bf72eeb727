using System.Text;
using CsCheck;

namespace Hookbox.Tests.Properties;

/// <summary>
/// Generated JSON bodies, valid and not: envelopes with odd ids and types, escapes that do not
/// make a UTF-16 string (lone surrogates, NUL), huge numbers, nesting past the parser's limit,
/// truncated or mutated documents, a byte order mark, and random bytes.
/// </summary>
internal static class Json
{
    private static readonly string[] Keys = ["id", "type", "webhookId", "event", "data", "object", "order", "0", "", "a/b", "m~n", "\u00e9"];

    private static readonly Gen<string> Number = Gen.OneOf(
        "0", "-0", "1", "42", "1.5", "-1e-7", "1e400", "-1e400", "123456789012345678901234567890", "9223372036854775808", "0.1e+99999");

    private static readonly Gen<string> StringLiteral = Gen.Frequency(
        (4, Gen.Char["abcxyz_.-0123456789 "].Array[0, 12].Select(c => "\"" + new string(c) + "\"")),
        (2, Gen.OneOf(
            "\"\\ud800\"", "\"\\udc00x\"", "\"\\ud83d\\ude00\"", "\"\\u0000\"", "\"a\\u001bb\"", "\"\\u202eevil\"",
            "\"\\/\\b\\f\\n\\r\\t\\\"\\\\\"", "\"\"", "\"\\uD800\\uD800\"", "\"\u00e9\u00e8\"", "\"\ud83d\ude00\"")),
        (1, Gen.Char.Array[0, 64].Select(c => System.Text.Json.JsonSerializer.Serialize(new string(c)))));

    private static readonly Gen<string> Scalar = Gen.Frequency(
        (3, StringLiteral), (2, Number), (1, Gen.OneOf("true", "false", "null")));

    private static Gen<string> Value(int depth) => depth == 0
        ? Scalar
        : Gen.Frequency(
            (3, Scalar),
            (1, Value(depth - 1).Array[0, 3].Select(items => "[" + string.Join(",", items) + "]")),
            (2, Gen.Select(Gen.Frequency((4, Gen.OneOf(Keys)), (1, StringLiteral.Select(s => s[1..^1]))), Value(depth - 1))
                .Array[0, 4]
                .Select(members => "{" + string.Join(",", members.Select(m => $"\"{m.Item1}\":{m.Item2}")) + "}")));

    /// <summary>Nesting past <see cref="EnvelopeReader"/>'s depth limit of 128.</summary>
    private static readonly Gen<string> Deep = Gen.Int[100, 400].Select(depth =>
        string.Concat(Enumerable.Repeat("{\"id\":[", depth)) + "1" + string.Concat(Enumerable.Repeat("]}", depth)));

    /// <summary>A JSON text, valid most of the time.</summary>
    public static readonly Gen<string> Text = Gen.Frequency((10, Value(3)), (1, Deep));

    /// <summary>A body as an attacker sends it: JSON, broken JSON, or bytes.</summary>
    public static readonly Gen<byte[]> Body = Gen.Frequency(
        (6, Text.Select(Encoding.UTF8.GetBytes)),
        (3, Gen.Select(Text, Adversarial.Mutations, (json, m) => Encoding.UTF8.GetBytes(Adversarial.Mutate(json, m)))),
        (1, Text.Select(json => (byte[])[0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(json)])),
        (1, Adversarial.Body));
}
