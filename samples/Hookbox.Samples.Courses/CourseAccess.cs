using System.Collections.Concurrent;

namespace Hookbox.Samples.Courses;

/// <summary>Who may watch which course. A real shop keeps this in its database; the sample keeps it in memory.</summary>
public sealed class CourseAccess
{
    private readonly ConcurrentDictionary<(string Email, string Course), byte> _grants = new();

    public void Grant(string email, string course) => _grants.TryAdd((email, course), 0);

    public void Revoke(string email, string course) => _grants.TryRemove((email, course), out _);

    public IEnumerable<object> All => _grants.Keys.Select(g => new { email = g.Email, course = g.Course });
}
