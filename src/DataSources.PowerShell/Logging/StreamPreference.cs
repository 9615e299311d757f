using System.Management.Automation;

namespace DataSources.Commands;

/// <summary>
/// Whether a command writes its -Verbose and -Debug lines, how it writes a verbose line without a
/// prompt, and what its errors do.
/// </summary>
/// <remarks>
/// PowerShell turns -Debug given without -Verbose into "inquire" for the verbose stream: every
/// verbose line asks "Continue with this operation?", which fails a runbook (-NonInteractive, or
/// no console) and stops the command. Under -Debug alone, a verbose line is written to the debug
/// stream instead, which -Debug shows without asking; otherwise as PowerShell would (the command's
/// own -Verbose, else $VerbosePreference).
/// </remarks>
internal static class StreamPreference
{
    /// <summary>-Verbose/-Debug on the command win; otherwise the caller's preference variable decides.</summary>
    public static bool IsOn(PSCmdlet command, string parameter, string preferenceVariable)
    {
        if (command.MyInvocation.BoundParameters.TryGetValue(parameter, out var bound))
        {
            return bound is SwitchParameter flag && flag.IsPresent;
        }

        return LanguagePrimitives.TryConvertTo(command.GetVariableValue(preferenceVariable), out ActionPreference preference)
            && preference != ActionPreference.SilentlyContinue
            && preference != ActionPreference.Ignore;
    }

    /// <summary>What a non-terminating error does in this command: its -ErrorAction, else $ErrorActionPreference.</summary>
    public static ActionPreference ErrorActionOf(PSCmdlet command)
    {
        var source = command.MyInvocation.BoundParameters.TryGetValue("ErrorAction", out var bound) ? bound : command.GetVariableValue("ErrorActionPreference");
        return LanguagePrimitives.TryConvertTo(source, out ActionPreference preference) ? preference : ActionPreference.Continue;
    }

    /// <summary>Whether -Debug is given without -Verbose, so that a verbose line goes to the debug stream.</summary>
    public static bool VerboseGoesToDebug(PSCmdlet command)
    {
        var parameters = command.MyInvocation.BoundParameters;
        return !parameters.ContainsKey("Verbose") && parameters.TryGetValue("Debug", out var debug) && debug is SwitchParameter { IsPresent: true };
    }

    /// <summary>
    /// Writes a warning, and under -Debug without -WarningAction as a debug line ("WARNING: ..."):
    /// there PowerShell asks before each warning as it does before each verbose line, which fails a
    /// runbook after what it made was sent, with its output lost. -WarningVariable then gets none.
    /// </summary>
    public static void WriteWarning(PSCmdlet command, string text)
    {
        var parameters = command.MyInvocation.BoundParameters;
        if (!parameters.ContainsKey("WarningAction") && parameters.TryGetValue("Debug", out var debug) && debug is SwitchParameter { IsPresent: true })
        {
            command.WriteDebug("WARNING: " + text);
        }
        else
        {
            command.WriteWarning(text);
        }
    }

    /// <summary>Writes a verbose line when verbose output is on, and as a debug line under -Debug alone.</summary>
    public static void WriteVerbose(PSCmdlet command, string text)
    {
        if (VerboseGoesToDebug(command))
        {
            command.WriteDebug(text);
        }
        else if (IsOn(command, "Verbose", "VerbosePreference"))
        {
            command.WriteVerbose(text);
        }
    }
}
