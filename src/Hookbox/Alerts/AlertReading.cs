namespace Hookbox;

/// <summary>What one rule says about one subject at one evaluation.</summary>
/// <param name="Key">The alert's key: <c>{kind}:{subject}</c>, or the kind alone when there is no subject.</param>
/// <param name="Kind">The rule, one of <see cref="AlertKinds"/>.</param>
/// <param name="Subject">The route or source, or null.</param>
/// <param name="Firing">Whether the alert should be open now.</param>
/// <param name="Message">One line saying what was measured, whether firing or not.</param>
/// <param name="Figures">The numbers behind the message.</param>
internal sealed record AlertReading(string Key, string Kind, string? Subject, bool Firing, string Message, AlertFigures Figures);
