using Microsoft.Extensions.Options;

namespace Hookbox.Tests.Admin;

public sealed class AdminCredentialTests
{
    private const string Configured = "configured-admin-token-0123456789";

    [Theory]
    [InlineData(Configured, true)]
    [InlineData("configured-admin-token-012345678", false)]    // a prefix
    [InlineData("configured-admin-token-01234567890", false)]  // one character more
    [InlineData("CONFIGURED-ADMIN-TOKEN-0123456789", false)]
    [InlineData("", false)]
    public void Matches_OnlyTheExactToken(string presented, bool expected)
    {
        var credential = new AdminCredential(Options.Create(new HookboxOptions { Admin = { Token = $"  {Configured}\n" } }));

        Assert.Equal(expected, credential.Matches(presented));
        Assert.Null(credential.FilePath);
    }

    [Fact]
    public void Matches_TheGeneratedTokenWhenNoneIsConfigured()
    {
        var directory = Path.Combine(Path.GetTempPath(), "hookbox-tests", Guid.NewGuid().ToString("N"));
        try
        {
            var credential = new AdminCredential(Options.Create(new HookboxOptions { DataDirectory = directory }));
            var token = File.ReadAllText(credential.FilePath!).Trim(); // FilePath is set for a generated token

            Assert.True(credential.Created);
            Assert.True(credential.Matches(token));
            Assert.False(credential.Matches(token.AsSpan(0, token.Length - 1)));
            Assert.False(new AdminCredential(Options.Create(new HookboxOptions { DataDirectory = directory })).Created);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
