using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CsCheck;

namespace Hookbox.Tests.Properties;

/// <summary>
/// Generators for what an attacker sends: random bytes and text, and near-valid headers made by
/// mutating a valid one (truncated, duplicated, padded, unicode, huge numbers, empty, very long),
/// since a parser is most likely to break just beside the input it was written for.
/// </summary>
internal static class Adversarial
{
    /// <summary>Cases for a parser's main property, where anything goes: the issue asks for at least 100 000 per parser.</summary>
    public const long Cases = 100_000;

    /// <summary>Cases for each of a parser's narrower properties (wrong key, wrong body, round trip…), run on top of <see cref="Cases"/>.</summary>
    public const long NarrowCases = 20_000;

    /// <summary>Characters chosen to sit on parsers' edges: separators, digits, whitespace, controls, and unicode that looks like them.</summary>
    private const string EdgeChars =
        "0123456789abcdefABCDEFvt1=,.;: \t\r\n\0\u0001\u007f+/-_~{}\"\\[]" +
        "\u00a0\u2028\u202e\u200b\ufeff\uff11\u0663\u00e9\ud800\udc00\ud83d\ude00\uffff";

    private const string AlphaNumeric = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private static readonly string[] HugeNumbers =
    [
        "0", "-1", "+1", "00000000000000000000001", "9223372036854775807", "9223372036854775808",
        "-9223372036854775808", "99999999999999999999999999999", "253402300800", "253402300799999",
        "1e9", "1.5", "0x10", "\uff11\uff12\uff13",
    ];

    /// <summary>Text of edge characters, usually short, sometimes very long.</summary>
    public static readonly Gen<string> Text = Gen.Frequency(
        (8, Gen.Char[EdgeChars].Array[0, 24].Select(c => new string(c))),
        (3, Gen.Char.Array[0, 24].Select(c => new string(c))),
        (2, Gen.OneOf(HugeNumbers)),
        (1, Gen.Char[EdgeChars].Array[1, 4].Select(Gen.Int[500, 5_000], (c, n) => string.Concat(Enumerable.Repeat(new string(c), n / c.Length)))));

    /// <summary>Bodies: usually small, any bytes.</summary>
    public static readonly Gen<byte[]> Body = Gen.Frequency(
        (9, Gen.Byte.Array[0, 256]),
        (1, Gen.Byte.Array[256, 4_096]));

    /// <summary>A secret as configuration accepts it (no surrounding whitespace), of any characters.</summary>
    public static readonly Gen<string> Secret = Gen.Frequency(
            (3, Gen.Char[AlphaNumeric].Array[1, 40].Select(c => "whsec_" + new string(c))),
            (1, Gen.Char[EdgeChars].Array[1, 80].Select(c => new string(c))),
            (1, Gen.Char.Array[1, 120].Select(c => new string(c))))
        .Where(s => s.Trim().Length == s.Length && s.Length > 0);

    /// <summary>Standard Webhooks key bytes.</summary>
    public static readonly Gen<byte[]> Key = Gen.Byte.Array[1, 80];

    /// <summary>An offset from now inside a 300-second tolerance.</summary>
    public static readonly Gen<int> WithinTolerance = Gen.Int[-300, 300];

    private static readonly Gen<Mutation> OneMutation =
        Gen.Select(Gen.Int[0, 12], Gen.Int[0, int.MaxValue], Text, (kind, at, text) => new Mutation(kind, at, text));

    /// <summary>A recipe of one to three mutations, applied by <see cref="Mutate"/>.</summary>
    public static readonly Gen<Mutation[]> Mutations = OneMutation.Array[1, 3];

    /// <summary>No change a third of the time, otherwise one to three mutations.</summary>
    public static readonly Gen<Mutation[]> MaybeMutations = Gen.Frequency((1, Gen.Const(Array.Empty<Mutation>())), (2, Mutations));

    /// <summary>A valid value most of the time, otherwise a near miss of it, or random text.</summary>
    public static Gen<string> NearlyValid(string valid) => Gen.Frequency(
        (1, Gen.Const(valid)),
        (6, Mutations.Select(m => Mutate(valid, m))),
        (1, Text));

    public static string Mutate(string valid, Mutation[] mutations)
    {
        var value = valid;
        foreach (var mutation in mutations)
            value = mutation.Apply(value);

        return value;
    }

    /// <summary>
    /// True when two secrets make different HMAC keys. HMAC pads a key with zero bytes and hashes
    /// one longer than its block, so "k" and "k\0", or a long key and its hash, are one key: no
    /// verifier could tell them apart, and the properties must not ask it to.
    /// </summary>
    public static bool AreDistinctHmacKeys(byte[] a, byte[] b, int blockSize = 64) =>
        !Normalise(a, blockSize).AsSpan().SequenceEqual(Normalise(b, blockSize));

    public static bool AreDistinctHmacKeys(string a, string b) => AreDistinctHmacKeys(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    private static byte[] Normalise(byte[] key, int blockSize)
    {
        var k = key.Length > blockSize ? (blockSize == 128 ? SHA512.HashData(key) : SHA256.HashData(key)) : key;
        var end = k.Length;
        while (end > 0 && k[end - 1] == 0)
            end--;

        return k[..end];
    }

    public static string Seconds(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    public static ReceivedHeaders Headers(params (string Name, string? Value)[] headers) =>
        new(headers.Where(h => h.Value is not null).Select(h => new KeyValuePair<string, string>(h.Name, h.Value!)));

    /// <summary>One change to a string; positions wrap around its length.</summary>
    internal readonly record struct Mutation(int Kind, int At, string Text)
    {
        // Past Kestrel's default header limit (32 KiB for all headers), so long enough.
        private const int MaxLength = 40_000;

        public string Apply(string value)
        {
            var at = value.Length == 0 ? 0 : At % (value.Length + 1);
            return Kind switch
            {
                0 => value[..at],                                               // truncated
                1 => value.Remove(Math.Min(at, Math.Max(0, value.Length - 1)), value.Length == 0 ? 0 : 1), // a character dropped
                2 => value.Insert(at, Text),                                    // something inserted
                3 => value + "," + value,                                       // the whole value twice, comma-joined as HTTP joins repeats
                4 => value + " " + value,                                       // twice, space-separated
                5 => " \t" + value + " \r\n",                                   // padded
                6 => value.ToUpperInvariant(),
                7 => "",
                8 => Long(value, 1 + (At % 100)),                                // long
                9 => ReplaceDigits(value, Text),                                // numbers swapped for huge or odd ones
                10 => at < value.Length ? value.Remove(at, 1).Insert(at, Text.Length > 0 ? Text[..1] : "\u0000") : value + Text, // one character replaced
                11 => value.Replace('=', Text.Length > 0 ? Text[0] : ' ').Replace(',', ';'),
                _ => Text,
            };
        }

        private static string Long(string value, int times)
        {
            var repeated = string.Concat(Enumerable.Repeat(value, times));
            return repeated.Length > MaxLength ? repeated[..MaxLength] : repeated;
        }

        private static string ReplaceDigits(string value, string text)
        {
            var start = value.AsSpan().IndexOfAnyInRange('0', '9');
            if (start < 0)
                return value + text;

            var end = start;
            while (end < value.Length && char.IsAsciiDigit(value[end]))
                end++;

            return value[..start] + text + value[end..];
        }
    }
}
