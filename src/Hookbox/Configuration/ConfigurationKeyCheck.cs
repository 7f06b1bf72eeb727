using System.Collections;
using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace Hookbox;

/// <summary>
/// Walks the <c>Hookbox</c> configuration section against the options types and reports, by
/// key, every setting that is not one (a typo) or whose value does not convert. The
/// configuration binder drops a dictionary entry with a bad value without a word, which would
/// turn a mistyped tolerance into a "no sources" error; this names the key instead.
/// </summary>
internal static class ConfigurationKeyCheck
{
    public static void Check(IConfiguration section, Type type, ICollection<string> errors)
    {
        foreach (var child in section.GetChildren())
            CheckValue(child, PropertyType(type, child.Key), errors);
    }

    private static void CheckValue(IConfigurationSection section, Type? type, ICollection<string> errors)
    {
        if (type is null)
        {
            errors.Add($"{section.Path} is not a Hookbox setting; check its spelling");
            return;
        }

        if (IsScalar(type))
        {
            if (section.Value is { } value && !Converts(value, type))
                errors.Add($"{section.Path} '{value}' is not a valid {Describe(type)}");

            return;
        }

        if (ElementType(type) is { } element)
        {
            foreach (var child in section.GetChildren())
                CheckValue(child, element, errors);

            return;
        }

        Check(section, type, errors);
    }

    private static Type? PropertyType(Type type, string name) =>
        type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)?.PropertyType;

    /// <summary>The value type of a dictionary or the element type of a list; null for other types.</summary>
    private static Type? ElementType(Type type)
    {
        if (!typeof(IEnumerable).IsAssignableFrom(type) || !type.IsGenericType)
            return null;

        var arguments = type.GetGenericArguments();
        return arguments[^1];
    }

    private static bool IsScalar(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying.IsPrimitive || underlying.IsEnum || underlying == typeof(string) || underlying == typeof(decimal)
               || underlying == typeof(TimeSpan) || underlying == typeof(Uri) || underlying == typeof(DateTimeOffset);
    }

    private static bool Converts(string value, Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(string) || (value.Length == 0 && underlying != type))
            return true;

        try
        {
            TypeDescriptor.GetConverter(underlying).ConvertFromInvariantString(value);
            return true;
        }
        catch (Exception ex) when (ex is FormatException or NotSupportedException or ArgumentException or OverflowException)
        {
            return false;
        }
    }

    private static string Describe(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying == typeof(int) || underlying == typeof(long) ? "whole number"
            : underlying == typeof(double) || underlying == typeof(decimal) ? "number such as 0.25"
            : underlying == typeof(bool) ? "true or false"
            : underlying == typeof(TimeSpan) ? "duration such as 00:00:05"
            : underlying.Name.ToLower(CultureInfo.InvariantCulture);
    }
}
