namespace Hookbox.Pocketsflow;

/// <summary>The Pocketsflow event types a body type carries: what <c>AddHandler&lt;THandler&gt;()</c> routes a typed handler by.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class PocketsflowEventAttribute(params string[] types) : Attribute
{
    /// <summary>The event types, such as <c>order.completed</c>.</summary>
    public IReadOnlyList<string> Types { get; } = types;
}
