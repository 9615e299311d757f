namespace DataSources.Emulator;

/// <summary>The spellings of an enum's values on the command line and in the control endpoint's JSON.</summary>
internal sealed class Choices<T>(params (string Text, T Value)[] choices)
    where T : struct, Enum
{
    public T Parse(string key, string text)
    {
        foreach (var (choice, value) in choices)
        {
            if (choice == text) return value;
        }
        throw new ArgumentException($"{key} must be one of {string.Join(", ", choices.Select(c => c.Text))}, not '{text}'.");
    }

    public string Text(T value) => choices.First(c => EqualityComparer<T>.Default.Equals(c.Value, value)).Text;
}
