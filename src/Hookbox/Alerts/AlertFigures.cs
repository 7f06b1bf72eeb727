namespace Hookbox;

/// <summary>The numbers behind an alert, for the log's structured context.</summary>
/// <param name="Rate">Rate rules: failed attempts ÷ attempts, or refused requests ÷ requests.</param>
/// <param name="Count">Rate rules: failed attempts or refused requests; oldest-pending: deliveries due now.</param>
/// <param name="Total">Rate rules: attempts or requests.</param>
/// <param name="Window">Rate rules: the window they were counted over.</param>
/// <param name="Age">Oldest-pending: how long the oldest pending delivery has waited, if one is pending.</param>
internal sealed record AlertFigures(double? Rate, long? Count, long? Total, TimeSpan? Window, TimeSpan? Age);
