namespace Hookbox;

/// <summary>A secret written in a form people mistake it for, which <c>hookbox verify</c> tries when the signature does not match.</summary>
/// <param name="Secret">The secret in that form, as it would be configured.</param>
/// <param name="Description">What the form is, said as "it matches with …".</param>
internal sealed record SecretForm(string Secret, string Description);
