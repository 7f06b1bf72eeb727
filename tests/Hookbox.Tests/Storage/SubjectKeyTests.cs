using Hookbox.Storage.Relational;

namespace Hookbox.Tests.Storage;

public sealed class SubjectKeyTests
{
    // Stored events carry their subject's key: a key that changed between versions would hide
    // every event stored before from lookups by subject. The values are SHA-256's, as any other
    // implementation (PostgreSQL's migration, Python's hashlib) computes them.
    [Theory]
    [InlineData("cus_123", -6732095561623105754)]
    [InlineData("commande-é-2", 7912158221423908597)]
    public void Of_KnownSubjects_IsTheFirstEightBytesOfTheirSha256BigEndian(string subject, long key) =>
        Assert.Equal(key, SubjectKey.Of(subject));

    [Fact]
    public void Of_SubjectLongerThanTheStackBuffer_IsKeyedTheSameWay() =>
        Assert.Equal(958752878960037591, SubjectKey.Of(new string('x', 300)));

    [Fact]
    public void OfOptional_NoSubject_HasNoKey()
    {
        Assert.Null(SubjectKey.OfOptional(null));
        Assert.Equal(SubjectKey.Of("cus_123"), SubjectKey.OfOptional("cus_123"));
    }
}
