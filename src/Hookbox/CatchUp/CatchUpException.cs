namespace Hookbox;

/// <summary>A look at a sender's API that cannot go on. Its message names what failed, never a key or a header.</summary>
public sealed class CatchUpException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CatchUpException(CatchUpFailure failure, string message, Exception? innerException = null)
        : base(message, innerException) => Failure = failure;

    /// <summary>Creates the exception (for serializers and analyzers; prefer the other constructor).</summary>
    public CatchUpException()
        : this(CatchUpFailure.InvalidResponse, "the sender's API failed")
    {
    }

    /// <summary>Creates the exception (for serializers and analyzers; prefer the other constructor).</summary>
    public CatchUpException(string message)
        : this(CatchUpFailure.InvalidResponse, message)
    {
    }

    /// <summary>Creates the exception (for serializers and analyzers; prefer the other constructor).</summary>
    public CatchUpException(string message, Exception innerException)
        : this(CatchUpFailure.InvalidResponse, message, innerException)
    {
    }

    /// <summary>What kind of failure it was.</summary>
    public CatchUpFailure Failure { get; }
}
