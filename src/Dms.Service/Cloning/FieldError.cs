namespace Dms.Service.Cloning;

/// <summary>Why a request field cannot be accepted; the API layer alone turns it into an HTTP status and error code.</summary>
internal enum FieldProblem
{
    /// <summary>The value is malformed or names nothing usable.</summary>
    Invalid,

    /// <summary>The value is well formed but names something that does not exist (an unattached cluster, a missing snapshot or project).</summary>
    Missing,

    /// <summary>The value names something that is not in a usable state yet.</summary>
    NotReady,

    /// <summary>The value collides with something that exists.</summary>
    Taken,

    /// <summary>The value names a cluster that cannot be asked right now.</summary>
    Unreachable,
}

/// <summary>One refused request field: which one, the value given, and a sentence saying why (naming both).</summary>
internal sealed record FieldError(string Field, string? Value, FieldProblem Problem, string Message)
{
    public static FieldError Invalid(string field, object? value, string message) => new(field, value?.ToString(), FieldProblem.Invalid, message);

    public static FieldError Missing(string field, string value, string message) => new(field, value, FieldProblem.Missing, message);
}
