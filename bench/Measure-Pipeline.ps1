# Dot-sourced by the variant scripts, which run in a fresh pwsh each: times one pipeline and
# prints the measurement as one JSON line, the only thing a variant writes to stdout.

# The variants' pipelines use Import-Csv and Measure-Object. A fresh pwsh loads their module,
# Microsoft.PowerShell.Utility, the first time one of them runs (about 90 ms here): loaded now,
# before any timer, that one-time cost of PowerShell's is in no variant's timed pipeline.
Import-Module Microsoft.PowerShell.Utility

function Measure-Pipeline {
    param(
        # Returns the number of objects it handled, or nothing when the harness counts them on the server.
        [Parameter(Mandatory)] [scriptblock] $Pipeline
    )
    $process = [System.Diagnostics.Process]::GetCurrentProcess()
    $process.Refresh()
    $workingSetBefore = $process.WorkingSet64
    # Where the time goes besides the wire: CPU of this process (all threads), JIT compilation
    # (a fresh process compiles every path it takes), and allocation and collections.
    $cpu = $process.TotalProcessorTime
    $jit = [System.Runtime.JitInfo]::GetCompilationTime($false)
    $allocated = [GC]::GetTotalAllocatedBytes($false)
    $collections = [GC]::CollectionCount(0)

    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $objects = & $Pipeline
    $clock.Stop()

    # PeakWorkingSet64 is the peak of the whole process life. A peak during start-up would only
    # overstate peak - before, so the growth reported for the pipeline errs on the safe side.
    $process.Refresh()
    [pscustomobject]@{
        seconds          = $clock.Elapsed.TotalSeconds
        objects          = $objects
        cpuSeconds       = ($process.TotalProcessorTime - $cpu).TotalSeconds
        jitSeconds       = ([System.Runtime.JitInfo]::GetCompilationTime($false) - $jit).TotalSeconds
        allocatedBytes   = [GC]::GetTotalAllocatedBytes($false) - $allocated
        collections      = [GC]::CollectionCount(0) - $collections
        workingSetBefore = $workingSetBefore
        peakWorkingSet   = $process.PeakWorkingSet64
    } | ConvertTo-Json -Compress
}
