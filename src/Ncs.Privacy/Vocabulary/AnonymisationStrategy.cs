namespace Ncs.Privacy;

/// <summary>How a value is replaced when it is anonymised. See docs/anonymisation.md.</summary>
public enum AnonymisationStrategy
{
    /// <summary>NULL where the column allows it; otherwise a random token of the column's type.</summary>
    Default = 0,

    /// <summary>Set the value to NULL (the column must be nullable).</summary>
    Null = 1,

    /// <summary>A fixed placeholder such as <c>[erased]</c>; for columns without a unique index.</summary>
    Redact = 2,

    /// <summary>A fresh random token per row: unique, not derivable from the original.</summary>
    RandomToken = 3,

    /// <summary>A fresh random address under the reserved <c>.invalid</c> top-level domain: unique and still a syntactically valid e-mail.</summary>
    RandomEmail = 4,

    /// <summary>The type's zero value (0, false, the epoch...).</summary>
    Zero = 5,

    /// <summary>Dates only: keep the year, drop month and day (for statistics that need an age band).</summary>
    TruncateToYear = 6,

    /// <summary>
    /// A keyed, deterministic pseudonym (Art. 4(5)): the same input gives the same output, so rows stay linkable.
    /// Pseudonymised data is still personal data; use it only where the policy asks for it.
    /// </summary>
    Pseudonymise = 7,
}
