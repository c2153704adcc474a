namespace Ncs.Privacy;

/// <summary>What erasure (Art. 17) or an expired retention rule does to a classified value.</summary>
public enum ErasureAction
{
    /// <summary>
    /// Let the planner decide: the row is deleted when every personal value in it belongs to the subject and no
    /// legal hold applies; otherwise the value is anonymised.
    /// </summary>
    Default = 0,

    /// <summary>Delete the whole row.</summary>
    Delete = 1,

    /// <summary>Keep the row, replace the value with one that cannot be linked to the subject.</summary>
    Anonymise = 2,

    /// <summary>Keep the value; only valid with a retention rule that names a legal obligation (Art. 17(3)(b)).</summary>
    Retain = 3,
}
