namespace System.Diagnostics.CodeAnalysis;

// netstandard2.0 lacks the nullable flow attributes; the compiler recognises them by name.
[AttributeUsage(AttributeTargets.Parameter)]
internal sealed class NotNullWhenAttribute : Attribute
{
    public NotNullWhenAttribute(bool returnValue) => ReturnValue = returnValue;

    public bool ReturnValue { get; }
}
