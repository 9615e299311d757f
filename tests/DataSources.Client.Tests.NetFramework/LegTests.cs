using System.Runtime.InteropServices;

namespace DataSources.Client.Tests;

/// <summary>What the .NET Framework leg runs on: so that a leg cannot run the wrong stack and pass for the other.</summary>
public sealed class LegTests
{
    [Fact]
    public void The_client_runs_on_the_HTTP_stack_the_leg_names()
    {
        if (Type.GetType("Mono.Runtime") is null)
        {
            // On Windows the leg runs on .NET Framework itself, and its one HTTP stack.
            Assert.StartsWith(".NET Framework", RuntimeInformation.FrameworkDescription);
            Assert.Null(Environment.GetEnvironmentVariable(MonoHttpStack.Variable));
            return;
        }

        Assert.Equal(MonoHttpStack.Requested, MonoHttpStack.Current());
    }
}
