# A tiny HTTP server on a loopback port for answers the emulator never gives (truncated JSON, a
# 200 without data, a 404 from a route that exists, chosen 400 messages): an HttpListener served
# from a background runspace. Each answer is set per "METHOD /path"; the requests it received are
# kept as "METHOD /path", so a test can see what was sent.

function Start-StubServer {
    <# Starts the stub; returns an object with Uri, and Answers and Requests to set and read. #>
    $probe = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $probe.Start(); $port = $probe.LocalEndpoint.Port; $probe.Stop()

    $listener = [System.Net.HttpListener]::new()
    $listener.Prefixes.Add("http://127.0.0.1:$port/")
    $listener.Start()
    $answers = [hashtable]::Synchronized(@{})
    $requests = [System.Collections.Concurrent.ConcurrentQueue[string]]::new()

    $shell = [powershell]::Create()
    $null = $shell.AddScript({
            param($Listener, $Answers, $Requests)
            while ($Listener.IsListening) {
                try { $context = $Listener.GetContext() } catch { break }
                $request = $context.Request
                $key = "$($request.HttpMethod) $($request.Url.AbsolutePath)"
                $body = [System.IO.StreamReader]::new($request.InputStream).ReadToEnd()
                $Requests.Enqueue($key)

                # An answer may be computed from the request body, e.g. to echo what was sent.
                $answer = if ($Answers.ContainsKey($key)) { $Answers[$key] } else { $Answers['*'] }
                if ($answer -and $answer.Compute) { $answer = & ([scriptblock]::Create($answer.Compute)) $body $request.Headers['Authorization'] }
                if (-not $answer) { $answer = @{ Status = 404; ContentType = 'text/plain'; Body = 'no answer set' } }
                $bytes = [System.Text.Encoding]::UTF8.GetBytes($answer.Body)
                $context.Response.StatusCode = $answer.Status
                $context.Response.ContentType = $answer.ContentType
                $context.Response.ContentLength64 = $bytes.Length
                $context.Response.OutputStream.Write($bytes, 0, $bytes.Length)
                $context.Response.Close()
            }
        }).AddArgument($listener).AddArgument($answers).AddArgument($requests)
    $null = $shell.BeginInvoke()

    [pscustomobject]@{
        Uri = "http://127.0.0.1:$port"
        Answers = $answers
        Requests = $requests
        Listener = $listener
        Shell = $shell
    }
}

function Set-StubAnswer {
    <# What the stub answers to "METHOD /path" ('*' for any other): a status, a content type and a body, or a scriptblock of the request body and Authorization header that returns them. #>
    param(
        [Parameter(Mandatory)] $Stub,
        [Parameter(Mandatory)] [string] $Request,
        [int] $Status = 200,
        [string] $ContentType = 'application/json',
        [string] $Body = '',
        [scriptblock] $Compute
    )
    # The script goes as text: a scriptblock belongs to this runspace, which is busy waiting for the answer.
    $Stub.Answers[$Request] = if ($Compute) { @{ Compute = $Compute.ToString() } } else { @{ Status = $Status; ContentType = $ContentType; Body = $Body } }
}

function Stop-StubServer {
    param([Parameter(Mandatory)] $Stub)
    $Stub.Listener.Stop()
    $Stub.Listener.Close()
    $Stub.Shell.Stop()
    $Stub.Shell.Dispose()
}

Export-ModuleMember -Function Start-StubServer, Set-StubAnswer, Stop-StubServer
