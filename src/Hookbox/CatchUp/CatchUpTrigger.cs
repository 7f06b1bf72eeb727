namespace Hookbox;

/// <summary>What started a look, as its run records it.</summary>
internal static class CatchUpTrigger
{
    /// <summary>The look that runs when Hookbox starts, covering the time it was down.</summary>
    public const string StartUp = "start-up";

    /// <summary>A look of the <c>Every</c> schedule.</summary>
    public const string Schedule = "schedule";

    /// <summary>A look asked for through the API or the CLI.</summary>
    public const string Request = "request";
}
