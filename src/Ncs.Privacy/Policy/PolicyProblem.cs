namespace Ncs.Privacy;

/// <summary>The kinds of problem start-up validation reports. Each has a test and a line in docs/policy-validation.md.</summary>
public enum PolicyProblemKind
{
    /// <summary>No policy class was given, or it lacks <see cref="PrivacyPolicyAttribute"/>.</summary>
    MissingPolicy,

    /// <summary>The policy has no <see cref="ControllerAttribute"/> or the controller has no contact details.</summary>
    MissingController,

    /// <summary>A declaration is not on a <c>const string</c> field, has an empty identifier, or carries two declaration attributes.</summary>
    InvalidDeclaration,

    /// <summary>Two declarations of the same kind share an identifier.</summary>
    DuplicateIdentifier,

    /// <summary>A required text (description, law, legitimate interest) is missing.</summary>
    MissingText,

    /// <summary>A retention period is not a valid ISO 8601 duration, or a rule has neither period nor account end.</summary>
    InvalidRetention,

    /// <summary>A third-country transfer without a Chapter V safeguard, or a malformed country code.</summary>
    InvalidTransfer,

    /// <summary>The fiscal year start month is not 1–12.</summary>
    InvalidFiscalYear,

    /// <summary>An annotation or declaration refers to a purpose the policy does not declare.</summary>
    UnknownPurpose,

    /// <summary>An annotation refers to a retention rule the policy does not declare.</summary>
    UnknownRetention,

    /// <summary>An annotation refers to a data category the policy does not declare.</summary>
    UnknownCategory,

    /// <summary>A reference to a data-subject category the policy does not declare, or a purpose that names none.</summary>
    UnknownSubjectCategory,

    /// <summary>A reference to a recipient the policy does not declare.</summary>
    UnknownRecipient,

    /// <summary>A legal basis restated on an annotation differs from its purpose's.</summary>
    ContradictoryLegalBasis,

    /// <summary>Special-category data without an Art. 9(2) condition.</summary>
    MissingSpecialCategoryCondition,

    /// <summary>A member is both personal and not personal, names one purpose twice, or combines settings that exclude each other.</summary>
    ContradictoryAnnotations,

    /// <summary><see cref="ErasureAction.Retain"/> without a retention rule that names a legal obligation.</summary>
    RetainWithoutLegalObligation,

    /// <summary>An anonymisation strategy that cannot apply to the member's type.</summary>
    InvalidAnonymisation,

    /// <summary>A retention anchor that is not a date, or names an unknown rule.</summary>
    InvalidRetentionAnchor,

    /// <summary>A <see cref="PersonalDataAttribute.Subject"/> that names no member of the type.</summary>
    UnknownSubjectNavigation,

    /// <summary>A fluent classification names a member the type does not have.</summary>
    UnknownMember,
}

/// <summary>One problem found in the policy or the annotations.</summary>
/// <param name="Kind">What is wrong.</param>
/// <param name="Location">Where: <c>Type.Member</c> of the model, or the policy field.</param>
/// <param name="Message">What is wrong and how to fix it.</param>
public sealed record PolicyProblem(PolicyProblemKind Kind, string Location, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Location}: {Message} [{Kind}]";
}

/// <summary>Thrown at start-up when the policy or the annotations are invalid; lists every problem at once.</summary>
public sealed class PrivacyPolicyException : Exception
{
    /// <summary>Creates the exception from the problems found.</summary>
    /// <param name="problems">Every problem, in a stable order.</param>
    public PrivacyPolicyException(IReadOnlyList<PolicyProblem> problems)
        : base(Describe(problems))
    {
        Problems = problems;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public PrivacyPolicyException()
        : this([])
    {
    }

    /// <summary>Creates the exception with a message only.</summary>
    /// <param name="message">The message.</param>
    public PrivacyPolicyException(string message)
        : base(message)
    {
        Problems = [];
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public PrivacyPolicyException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [];
    }

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<PolicyProblem> Problems { get; }

    private static string Describe(IReadOnlyList<PolicyProblem> problems) =>
        problems.Count == 0
            ? "The privacy policy is invalid."
            : $"The privacy policy is invalid ({problems.Count} problem{(problems.Count == 1 ? string.Empty : "s")}):"
              + string.Concat(problems.Select(p => Environment.NewLine + "  - " + p));
}
