namespace DataSources.Client.Tests.Transport;

/// <summary>The classifier's table, mode by mode and line by line: what each mode sends again and what it reports as perhaps applied.</summary>
public sealed class FailureClassifierTests
{
    public static TheoryData<string, string, int?, string> Table => new()
    {
        // Idempotent: whatever did not settle the request goes again.
        { "Idempotent", "NotSent", null, "Retry" },
        { "Idempotent", "Interrupted", null, "Retry" },
        { "Idempotent", "UnreadableSuccess", 200, "Final" },
        { "Idempotent", "Final", 302, "Final" },
        { "Idempotent", "ErrorStatus", 408, "Retry" },
        { "Idempotent", "ErrorStatus", 429, "Retry" },
        { "Idempotent", "ErrorStatus", 502, "Retry" },
        { "Idempotent", "ErrorStatus", 503, "Retry" },
        { "Idempotent", "ErrorStatus", 504, "Retry" },
        { "Idempotent", "ErrorStatus", 400, "Final" },
        { "Idempotent", "ErrorStatus", 401, "Final" },
        { "Idempotent", "ErrorStatus", 404, "Final" },
        { "Idempotent", "ErrorStatus", 409, "Final" },
        { "Idempotent", "ErrorStatus", 413, "Final" },
        { "Idempotent", "ErrorStatus", 500, "Final" },

        // Create: again only where the server provably did not apply it.
        { "Create", "NotSent", null, "Retry" },
        { "Create", "Interrupted", null, "MayHaveBeenApplied" },
        { "Create", "UnreadableSuccess", 201, "MayHaveBeenApplied" },
        { "Create", "Final", 302, "Final" },
        { "Create", "ErrorStatus", 408, "Retry" },
        { "Create", "ErrorStatus", 429, "Retry" },
        { "Create", "ErrorStatus", 503, "Retry" },
        { "Create", "ErrorStatus", 502, "MayHaveBeenApplied" },
        { "Create", "ErrorStatus", 504, "MayHaveBeenApplied" },
        { "Create", "ErrorStatus", 400, "Final" },
        { "Create", "ErrorStatus", 401, "Final" },
        { "Create", "ErrorStatus", 409, "Final" },
        { "Create", "ErrorStatus", 413, "Final" },
        { "Create", "ErrorStatus", 500, "Final" },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Each_mode_has_its_verdict_for_each_failure(string mode, string cause, int? status, string expected)
    {
        // By name: the enums are internal, and a public test's parameters cannot be.
        var verdict = FailureClassifier.Classify(Parse<RetryMode>(mode), Parse<FailureCause>(cause), status);

        Assert.Equal(Parse<AttemptVerdict>(expected), verdict);
    }

    [Fact]
    public void Every_cause_has_a_verdict_in_both_tables()
    {
        foreach (RetryMode mode in Enum.GetValues(typeof(RetryMode)))
        {
            foreach (FailureCause cause in Enum.GetValues(typeof(FailureCause)))
            {
                // Throws for a cause a table leaves out.
                FailureClassifier.Classify(mode, cause, 418);
            }
        }
    }

    private static T Parse<T>(string name) where T : struct => (T)Enum.Parse(typeof(T), name);
}
