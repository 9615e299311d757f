using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security;
using System.Threading.Tasks;
using DataSources.Client;

namespace DataSources.Commands;

/// <summary>
/// New-DataSource: creates data sources from parameters, or from pipeline input (hashtables, CSV
/// rows, JSON objects, DataSource objects) sent as array creates of -BatchSize items. A bad row is
/// reported and left out; the good rows still go. A batch is on its way while the next one is
/// gathered, so reading the input and the round trip overlap; batch outcomes come out in input order.
/// </summary>
[Cmdlet(VerbsCommon.New, "DataSource", DefaultParameterSetName = ParametersSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(DataSource))]
public sealed class NewDataSourceCommand : ConnectedDataSourceCmdlet
{
    private const string ParametersSet = "Parameters";
    private const string InputObjectSet = "InputObject";

    // Find-DataSource's is 1, Get-DataSource's 2, Set-DataSource's 3.
    private const int ProgressActivityId = 4;

    private readonly List<CreateInput> _batch = new List<CreateInput>();
    private readonly CopyLosses _losses = new CopyLosses();
    private readonly CreateRequestInput _rows = new CreateRequestInput();

    // The batch on its way, if any, and its create. Its outcome is written before the next batch
    // goes, so a pipeline stopped by what it has seen (Select-Object -First) sends nothing further.
    private (CreateInput[] Batch, Task<CreateResult> Create)? _sent;

    // The position of the input that gave each name: a repeat cannot be created, so it is not sent.
    private readonly Dictionary<string, int> _positionByName = new Dictionary<string, int>(StringComparer.Ordinal);
    private int _position;
    private bool _createOnlySecretsWarned;

    // The names -SkipExisting skipped whose rows give fields only an update sets.
    private readonly List<string> _skippedWithUpdateFields = new List<string>();

    // With pipeline input, the fields the parameters give, for every row; null when they give none.
    private DataSourceCreateRequest? _forEveryRow;

    /// <summary>Objects whose properties name the fields: hashtables, Import-Csv rows, ConvertFrom-Json objects, DataSource objects.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    public PSObject[] InputObject { get; set; } = Array.Empty<PSObject>();

    /// <summary>The resource name; must be unique on the server.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ParametersSet)]
    [Alias("ResourceName")]
    [ValidateNotNullOrEmpty]
    [FieldParameter("resourceName")]
    public string? Name { get; set; }

    /// <summary>The type code, e.g. POSTGRES, MYSQL, AWS.</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = ParametersSet)]
    [Parameter(ParameterSetName = InputObjectSet)]
    [ValidateNotNullOrEmpty]
    [FieldParameter("databaseType")]
    [ArgumentCompleter(typeof(DatabaseTypeCompleter))]
    public string? DatabaseType { get; set; }

    /// <summary>host.</summary>
    [Parameter]
    [FieldParameter("host")]
    public new string? Host { get; set; }

    /// <summary>port; sent as a string, as the API wants.</summary>
    [Parameter]
    [ValidateRange(1, 65535)]
    [FieldParameter("port")]
    [FieldText("port")]
    public int Port { get; set; }

    /// <summary>databaseName.</summary>
    [Parameter]
    [FieldParameter("databaseName")]
    public string? DatabaseName { get; set; }

    /// <summary>userName and password.</summary>
    [Parameter]
    [Credential]
    [ValidateNotNull]
    public PSCredential? Credential { get; set; }

    /// <summary>description.</summary>
    [Parameter]
    [FieldParameter("description")]
    public string? Description { get; set; }

    /// <summary>note.</summary>
    [Parameter]
    [FieldParameter("note")]
    public string? Note { get; set; }

    /// <summary>affinityId.</summary>
    [Parameter]
    [FieldParameter("affinityId")]
    public string? AffinityId { get; set; }

    /// <summary>configMethod.</summary>
    [Parameter]
    [FieldParameter("configMethod")]
    public string? ConfigMethod { get; set; }

    /// <summary>uri, e.g. a JDBC URL.</summary>
    [Parameter]
    [FieldParameter("uri")]
    public string? Uri { get; set; }

    /// <summary>path.</summary>
    [Parameter]
    [FieldParameter("path")]
    public string? Path { get; set; }

    /// <summary>region.</summary>
    [Parameter]
    [FieldParameter("region")]
    public string? Region { get; set; }

    /// <summary>container (bucket).</summary>
    [Parameter]
    [FieldParameter("container")]
    public string? Container { get; set; }

    /// <summary>endpoint.</summary>
    [Parameter]
    [FieldParameter("endpoint")]
    public string? Endpoint { get; set; }

    /// <summary>accessId.</summary>
    [Parameter]
    [FieldParameter("accessId")]
    public string? AccessId { get; set; }

    /// <summary>secretKey.</summary>
    [Parameter]
    [FieldParameter("secretKey")]
    public SecureString? SecretKey { get; set; }

    /// <summary>accountName.</summary>
    [Parameter]
    [FieldParameter("accountName")]
    public string? AccountName { get; set; }

    /// <summary>azureSharedKey.</summary>
    [Parameter]
    [FieldParameter("azureSharedKey")]
    public SecureString? AzureSharedKey { get; set; }

    /// <summary>azureTenantId.</summary>
    [Parameter]
    [FieldParameter("azureTenantId")]
    public string? AzureTenantId { get; set; }

    /// <summary>warehouse.</summary>
    [Parameter]
    [FieldParameter("warehouse")]
    public string? Warehouse { get; set; }

    /// <summary>role.</summary>
    [Parameter]
    [FieldParameter("role")]
    public string? Role { get; set; }

    /// <summary>schemaNames.</summary>
    [Parameter]
    [Alias("SchemaNames")]
    [FieldParameter("schemaNames")]
    public string[]? SchemaName { get; set; }

    /// <summary>includePatterns.</summary>
    [Parameter]
    [Alias("IncludePatterns")]
    [FieldParameter("includePatterns")]
    public string[]? IncludePattern { get; set; }

    /// <summary>excludePatterns.</summary>
    [Parameter]
    [Alias("ExcludePatterns")]
    [FieldParameter("excludePatterns")]
    public string[]? ExcludePattern { get; set; }

    /// <summary>availableForMigration.</summary>
    [Parameter]
    [FieldParameter("availableForMigration")]
    public SwitchParameter AvailableForMigration { get; set; }

    /// <summary>enabledForMigration.</summary>
    [Parameter]
    [FieldParameter("enabledForMigration")]
    public SwitchParameter EnabledForMigration { get; set; }

    /// <summary>availableForWriting.</summary>
    [Parameter]
    [FieldParameter("availableForWriting")]
    public SwitchParameter AvailableForWriting { get; set; }

    /// <summary>availableForDataMastering.</summary>
    [Parameter]
    [FieldParameter("availableForDataMastering")]
    public SwitchParameter AvailableForDataMastering { get; set; }

    /// <summary>Any other create field, by its JSON name; the named parameters win over it.</summary>
    [Parameter]
    [ValidateNotNull]
    public Hashtable? Property { get; set; }

    /// <summary>Items per create request, 1 to 10,000.</summary>
    [Parameter]
    [ValidateRange(1, DataSourceConnectionSettings.MaxItemsPerRequest)]
    public int BatchSize { get; set; } = 100;

    /// <summary>A name that exists already is skipped with a verbose line, not reported as an error: for running an import again.</summary>
    [Parameter]
    public SwitchParameter SkipExisting { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        base.BeginProcessing();

        // What Get-Credential gives when Enter is pressed at the password prompt: refused before
        // anything is sent, whatever the input, as Set-DataSource refuses it.
        if (Credential != null && (Credential.Password == null || Credential.Password.Length == 0))
        {
            ThrowTerminatingError(InvalidArgument(
                "-Credential's password is empty: give the password, or leave -Credential out; nothing was sent.", ErrorIds.InvalidDataSourceField, null));
        }

        if (ParameterSetName == InputObjectSet)
        {
            try
            {
                var fields = FromParameters();
                _forEveryRow = fields.Values.Count + fields.AfterCreate.Count > 0 ? fields : null;
            }
            catch (DataSourceInputException exception)
            {
                ThrowTerminatingError(InvalidArgument(exception.Message, ErrorIds.InvalidDataSourceField, null));
            }
        }

        StartProgress(ProgressActivityId, "New-DataSource", ParameterSetName == ParametersSet ? 1 : MyInvocation.ExpectingInput ? (long?)null : InputObject.Length);
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (ParameterSetName != InputObjectSet)
        {
            Add(null);
            return;
        }

        foreach (var input in InputObject)
        {
            Add(input);
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        Send();
        WriteSent();
        CompleteProgress();
        var losses = _losses.Warning();
        if (losses != null)
        {
            StreamPreference.WriteWarning(this, losses);
        }

        WarnOfSkippedUpdateFields();
        ThrowIfServerUnreachable(atEnd: true);
    }

    // A run again after one that created a source but could not set its update-only fields
    // (AfterCreateFieldsNotSet) skips that source: the source that exists is not changed, so
    // those fields are still not set, which a user who re-ran the import to finish it must know.
    private void WarnOfSkippedUpdateFields()
    {
        if (_skippedWithUpdateFields.Count == 0)
        {
            return;
        }

        const int Shown = 5;
        var names = string.Join(", ", _skippedWithUpdateFields.Take(Shown).Select(name => $"'{name}'"))
            + (_skippedWithUpdateFields.Count > Shown ? $" and {_skippedWithUpdateFields.Count - Shown} more" : string.Empty);
        StreamPreference.WriteWarning(
            this,
            $"{_skippedWithUpdateFields.Count} skipped row(s) ({names}) give incremental or scanSinceTimeframe, which only an update sets: " +
            "they were not applied to the data sources that exist. Where an earlier run could not set them (its AfterCreateFieldsNotSet errors), set them with Set-DataSource.");
    }

    /// <summary>Checks one item (from the pipeline, or the parameters when null) and queues it for the next batch.</summary>
    private void Add(PSObject? input)
    {
        _position++;
        if (input != null && PipedInput.IsTotalCount(input))
        {
            // Find-DataSource -IncludeTotalCount | New-DataSource: the count is no row to create.
            StreamPreference.WriteVerbose(this, $"Input {_position} is the total count of -IncludeTotalCount, not a data source: skipped.");
            CountDone(1);
            return;
        }

        CreateInput item;
        try
        {
            item = input != null ? _rows.From(input) : new CreateInput(FromParameters(), fromCatalog: false, Array.Empty<string>(), Array.Empty<string>());
            if (input != null)
            {
                AddParameterFields(item.Request);
            }
        }
        catch (DataSourceInputException exception)
        {
            WriteInvalidInput(input, exception.Message);
            return;
        }

        var request = item.Request;
        var missing = request.MissingRequiredField();
        if (missing != null)
        {
            WriteInvalidInput(input, $"The field '{missing}' is required.");
            return;
        }

        if (_positionByName.TryGetValue(request.ResourceName!, out var first))
        {
            WriteInvalidInput(input, $"input {first} has the same name, and a resource name can be created once only.");
            return;
        }

        _positionByName.Add(request.ResourceName!, _position);
        WarnOfCreateOnlySecrets(item);

        var target = $"'{request.ResourceName}' with {string.Join(", ", request.FieldNames)}";
        if (request.AfterCreateFieldNames.Count > 0)
        {
            // The fields only an update may set go in a PATCH right after the create: named too.
            target += $", then {string.Join(", ", request.AfterCreateFieldNames)} right after";
        }
        if (!ShouldProcess(target, "Create data source"))
        {
            CountDone(1);
            return;
        }

        _batch.Add(item);
        if (_batch.Count == BatchSize)
        {
            Send();
        }
    }

    // Said before the copy is sent, and under -WhatIf: once it is made, nothing can add those secrets.
    // Once per command, for the first such copy; the warning at the end counts them all.
    private void WarnOfCreateOnlySecrets(CreateInput item)
    {
        var lacking = item.CreateOnlySecretsLacking;
        if (_createOnlySecretsWarned || lacking.Count == 0)
        {
            return;
        }

        _createOnlySecretsWarned = true;
        var what = SentenceText.Series(lacking.Select(secret => $"{secret.Value} but no {secret.Key}").ToArray(), "and");
        StreamPreference.WriteWarning(
            this,
            $"Input {_position} ('{item.Request.ResourceName}') is a copy from a catalog with {what}: the server never returns such secrets and only a create takes them, " +
            $"so the copy is made without them and no update can add them later. Where the originals have them, add them to the rows " +
            $"(Select-Object *, @{{ Name = '{lacking[0].Key}'; Expression = {{ ... }} }}) before New-DataSource. Said for the first such copy only.");
    }

    // The field parameters given with rows (Import-Csv hosts.csv | New-DataSource -DatabaseType
    // POSTGRES -Credential $c) go into every row. A field a row gives too, with another value, is
    // refused for that row: the row and the command line would say two things.
    private void AddParameterFields(DataSourceCreateRequest row)
    {
        if (_forEveryRow == null)
        {
            return;
        }

        foreach (var field in _forEveryRow.Values.Entries.Concat(_forEveryRow.AfterCreate.Entries))
        {
            var own = row.Values.Get(field.Name) ?? row.AfterCreate.Get(field.Name);
            if (own == null)
            {
                row.Set(field.Name, field.Value);
            }
            else if (!SameValue(own, field.Value))
            {
                // The same value both ways says one thing (a copy's userName and -Credential's, say).
                throw new DataSourceInputException(
                    $"it gives '{field.Name}' too, with another value than the parameter: give it in the rows or as a parameter, not both.");
            }
        }
    }

    // Two values of a field, as converted for the request: a secret is the same only as itself (it is not revealed to compare).
    private static bool SameValue(object? one, object? other)
    {
        if (one is SecureString || other is SecureString)
        {
            return ReferenceEquals(one, other);
        }

        if (one is IEnumerable<string> items && other is IEnumerable<string> otherItems)
        {
            return items.SequenceEqual(otherItems, StringComparer.Ordinal);
        }

        return string.Equals(
            Convert.ToString(one, System.Globalization.CultureInfo.InvariantCulture),
            Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture),
            StringComparison.Ordinal);
    }

    private DataSourceCreateRequest FromParameters()
    {
        var request = new DataSourceCreateRequest();
        if (Property != null)
        {
            _rows.AddEntries(request, Property);
        }

        foreach (var field in BoundFields())
        {
            request.Set(field.Key, field.Value);
        }

        if (Credential != null)
        {
            request.Set("userName", Credential.UserName).Set("password", Credential.Password);
        }

        return request;
    }

    // Writes a created source; returns the error of its after-create fields, if any, for the caller to write.
    private ErrorRecord? WriteCreated(DataSource created, CreateInput input, DataSourceApiException? afterCreate)
    {
        WriteObject(FromThisServer(created));
        _losses.Add(input);
        if (afterCreate == null)
        {
            return null;
        }

        var fields = string.Join(", ", input.Request.AfterCreateFieldNames);
        var problem = new DataSourceApiException(
            afterCreate.Kind,
            $"'{created.ResourceName}' was created (id {created.Id}), but {fields} could not be set right after: "
                + SentenceText.Then(afterCreate.Message, $"Set them with Set-DataSource -Id {created.Id}."),
            afterCreate.StatusCode,
            afterCreate.ServerMessage,
            afterCreate.Method,
            afterCreate.Route,
            innerException: afterCreate);
        return ErrorIds.AfterCreateFieldsNotSet.Record(problem, created.Id, ErrorRecordFor(afterCreate, null).CategoryInfo.Category);
    }

    // A name that exists: an error a script can tell by its category, or with -SkipExisting a verbose
    // line. What else the server refuses as a duplicate (an fqdnId another source has, a name that
    // exists in another case, or a name the look-up could not confirm) is never skipped: the row
    // was not created, and no source of its name is there.
    private void WriteExisting(string? name, CreateFailure failure, CreateInput item)
    {
        if (SkipExisting && failure.Existing != null && string.Equals(failure.Existing.ResourceName, name, StringComparison.Ordinal))
        {
            StreamPreference.WriteVerbose(this, $"Skipped '{name}': {failure.Message}");
            if (item.Request.AfterCreateFieldNames.Count > 0)
            {
                _skippedWithUpdateFields.Add(name!);
            }

            return;
        }

        var exists = new DataSourceApiException(ApiErrorKind.Conflict, failure.Message, failure.StatusCode, failure.Message);
        WriteError(ErrorIds.DataSourceExists.Record(exists, name));
    }

    // Pipeline input is named by its position and, when it has one, its name.
    private void WriteInvalidInput(PSObject? input, string problem)
    {
        // The batch on its way holds earlier rows: their outcome comes first, and is not lost
        // if this error stops the command (-ErrorAction Stop).
        WriteSent();
        CountDone(1);
        if (input == null)
        {
            WriteError(InvalidArgument(problem, ErrorIds.InvalidDataSourceField, Name));
            return;
        }

        var name = _rows.NameOf(input);
        var row = name == null ? $"Input {_position}" : $"Input {_position} ('{name}')";
        // The position, not the row itself, when it has no name: a row may carry a password.
        WriteError(InvalidArgument($"{row} was not sent: {problem}", ErrorIds.InvalidDataSourceField, (object?)name ?? _position));
    }

    /// <summary>Writes the outcome of the batch on its way, then sends the gathered one without waiting for it.</summary>
    private void Send()
    {
        WriteSent();
        if (_batch.Count == 0)
        {
            return;
        }

        ThrowIfServerUnreachable();
        var batch = _batch.ToArray();
        var requests = batch.Select(item => item.Request).ToArray();
        _batch.Clear();
        // On the thread pool from the start: writing the request body overlaps the pipeline too.
        _sent = (batch, Start(cancellationToken => Task.Run(() => Client.CreateAsync(requests, cancellationToken), cancellationToken)));
    }

    /// <summary>
    /// A create already sent when the pipeline fails elsewhere: it is let finish, not cut off, so
    /// that its items are created or not, never left unknown. Its outcome can no longer be
    /// written; a run again reports those names as existing.
    /// </summary>
    private protected override void FinishBeforeDispose()
    {
        try
        {
            _sent?.Create.Wait();
        }
        catch (AggregateException)
        {
            // Observed: the command has already ended with the pipeline's own error.
        }
    }

    private void WriteSent()
    {
        if (_sent == null)
        {
            return;
        }

        var (batch, sent) = _sent.Value;
        _sent = null;
        CreateResult result;
        try
        {
            result = Wait(sent);
        }
        catch (DataSourceApiException exception)
        {
            // The whole request failed: each of its items gets the error, so a script can retry them.
            foreach (var item in batch)
            {
                WriteApiError(exception, item.Request.ResourceName);
            }

            CountDone(batch.Length);
            return;
        }
        catch (OperationCanceledException) when (Stopping)
        {
            return;
        }

        CountDone(batch.Length);

        // In input order; when an error will stop the command, the created ones first and their
        // after-create errors after them all, so that each source created is written before an
        // error ends the command.
        var order = Enumerable.Range(0, result.Count);
        var deferred = new List<ErrorRecord>();
        if (ErrorsStop)
        {
            order = order.OrderBy(index => result.GetFailure(index) != null);
        }

        foreach (var index in order)
        {
            var failure = result.GetFailure(index);
            if (failure == null)
            {
                if (WriteCreated(result.Created[index]!, batch[index], result.GetAfterCreateError(index)) is { } afterCreate)
                {
                    if (ErrorsStop)
                    {
                        deferred.Add(afterCreate);
                    }
                    else
                    {
                        WriteError(afterCreate);
                    }
                }

                continue;
            }

            WriteAll(deferred);

            var name = failure.ResourceName ?? batch[index].Request.ResourceName;
            if (failure.IsDuplicate)
            {
                WriteExisting(name, failure, batch[index]);
                continue;
            }

            if (failure.Error != null)
            {
                // Its request failed as a whole while other items of the batch were created.
                WriteError(ErrorRecordFor(failure.Error, name));
                continue;
            }

            var refusal = new DataSourceApiException(
                ApiErrorKind.InvalidRequest, $"The server did not create '{name}': {failure.Message}", failure.StatusCode, failure.Message);
            WriteError(ErrorIds.DataSourceCreateRefused.Record(refusal, name));
        }

        WriteAll(deferred);
    }

    private void WriteAll(List<ErrorRecord> errors)
    {
        foreach (var error in errors)
        {
            WriteError(error);
        }

        errors.Clear();
    }
}
