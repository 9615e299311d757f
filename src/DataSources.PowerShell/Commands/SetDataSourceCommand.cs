using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Security;
using System.Threading.Tasks;
using DataSources.Client;

namespace DataSources.Commands;

/// <summary>
/// Set-DataSource: changes exactly the fields named (PATCH), with up to -ThrottleLimit requests in
/// flight. Data sources and ids get the fields of the bound parameters; a row (CSV, hashtable,
/// JSON object) gets its own columns as well. Output and errors are written from the pipeline
/// thread, in the order the requests complete.
/// </summary>
[Cmdlet(VerbsCommon.Set, "DataSource", DefaultParameterSetName = InputObjectSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(DataSource))]
public sealed class SetDataSourceCommand : ConnectedDataSourceCmdlet
{
    private const string IdSet = "Id";
    private const string InputObjectSet = "InputObject";

    // Find-DataSource's is 1, Get-DataSource's 2, New-DataSource's 4.
    private const int ProgressActivityId = 3;

    private readonly InFlightWindow _inFlight = new InFlightWindow();
    private readonly CreateRequestInput _rows = new CreateRequestInput();
    private readonly Action<PSObject> _updateInput;

    // The fields of the bound parameters: the whole patch of a data source or an id, and part of a row's.
    private IReadOnlyList<KeyValuePair<string, object?>> _parameterFields = Array.Empty<KeyValuePair<string, object?>>();
    private readonly HashSet<string> _parameterFieldNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    // A data source's own CostPerTb or Location given as the parameter, if so; and whether a piped
    // data source was warned of losing keys of them. Read once: the check runs for every input.
    private DataSourceCost? _givenCost;
    private DataSourceLocation? _givenLocation;
    private bool _keysLostWarned;

    // The object fields (costPerTb, location) a row has been warned of giving in part.
    private readonly HashSet<string> _rowObjectsWarned = new HashSet<string>(StringComparer.Ordinal);
    private DataSourcePatch _patch = new DataSourcePatch();
    private string _action = string.Empty;
    private int _position;

    /// <summary>The ids of the data sources to change.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet)]
    [Alias("_id")]
    [AllowEmptyString]
    [ArgumentCompleter(typeof(DataSourceIdCompleter))]
    public string[] Id { get; set; } = Array.Empty<string>();

    /// <summary>
    /// What to change, from the pipeline: data sources (e.g. from Find-DataSource) and id strings
    /// get the parameters' fields; any other object is a row whose Id (or _id) names the data
    /// source and whose other columns are fields to set too.
    /// </summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    [ValidateNotNull]
    public PSObject? InputObject { get; set; }

    /// <summary>Creates the command; PowerShell does, once per use.</summary>
    public SetDataSourceCommand() => _updateInput = UpdateInput;

    /// <summary>userName.</summary>
    [Parameter]
    [AllowEmptyString]
    [FieldParameter("userName")]
    public string? UserName { get; set; }

    /// <summary>password.</summary>
    [Parameter]
    [FieldParameter("password")]
    public SecureString? Password { get; set; }

    /// <summary>userName and password together.</summary>
    [Parameter]
    [Credential]
    [ValidateNotNull]
    public PSCredential? Credential { get; set; }

    /// <summary>accessId.</summary>
    [Parameter]
    [AllowEmptyString]
    [FieldParameter("accessId")]
    public string? AccessId { get; set; }

    /// <summary>secretKey.</summary>
    [Parameter]
    [FieldParameter("secretKey")]
    public SecureString? SecretKey { get; set; }

    /// <summary>secretManagerKey.</summary>
    [Parameter]
    [AllowEmptyString]
    [FieldParameter("secretManagerKey")]
    public string? SecretManagerKey { get; set; }

    /// <summary>accountName.</summary>
    [Parameter]
    [AllowEmptyString]
    [FieldParameter("accountName")]
    public string? AccountName { get; set; }

    /// <summary>azureSharedKey.</summary>
    [Parameter]
    [FieldParameter("azureSharedKey")]
    public SecureString? AzureSharedKey { get; set; }

    /// <summary>azureTenantId.</summary>
    [Parameter]
    [AllowEmptyString]
    [FieldParameter("azureTenantId")]
    public string? AzureTenantId { get; set; }

    /// <summary>role.</summary>
    [Parameter]
    [AllowEmptyString]
    [FieldParameter("role")]
    public string? Role { get; set; }

    /// <summary>region.</summary>
    [Parameter]
    [AllowEmptyString]
    [FieldParameter("region")]
    public string? Region { get; set; }

    /// <summary>host.</summary>
    [Parameter]
    [AllowEmptyString]
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
    [AllowEmptyString]
    [FieldParameter("databaseName")]
    public string? DatabaseName { get; set; }

    /// <summary>warehouse.</summary>
    [Parameter]
    [AllowEmptyString]
    [FieldParameter("warehouse")]
    public string? Warehouse { get; set; }

    /// <summary>uri.</summary>
    [Parameter]
    [AllowEmptyString]
    [FieldParameter("uri")]
    public string? Uri { get; set; }

    /// <summary>path.</summary>
    [Parameter]
    [AllowEmptyString]
    [FieldParameter("path")]
    public string? Path { get; set; }

    /// <summary>driverClassName.</summary>
    [Parameter]
    [AllowEmptyString]
    [FieldParameter("driverClassName")]
    public string? DriverClassName { get; set; }

    /// <summary>note.</summary>
    [Parameter]
    [AllowEmptyString]
    [FieldParameter("note")]
    public string? Note { get; set; }

    /// <summary>description; '' clears it.</summary>
    [Parameter]
    [AllowEmptyString]
    [FieldParameter("description")]
    public string? Description { get; set; }

    /// <summary>affinityId.</summary>
    [Parameter]
    [AllowEmptyString]
    [FieldParameter("affinityId")]
    public string? AffinityId { get; set; }

    /// <summary>lastTestConnectionId.</summary>
    [Parameter]
    [AllowEmptyString]
    [FieldParameter("lastTestConnectionId")]
    public string? LastTestConnectionId { get; set; }

    /// <summary>lastIngestId.</summary>
    [Parameter]
    [AllowEmptyString]
    [FieldParameter("lastIngestId")]
    public string? LastIngestId { get; set; }

    /// <summary>availableForMigration.</summary>
    [Parameter]
    [FieldParameter("availableForMigration")]
    public bool AvailableForMigration { get; set; }

    /// <summary>availableForWriting.</summary>
    [Parameter]
    [FieldParameter("availableForWriting")]
    public bool AvailableForWriting { get; set; }

    /// <summary>availableForDataMastering.</summary>
    [Parameter]
    [FieldParameter("availableForDataMastering")]
    public bool AvailableForDataMastering { get; set; }

    /// <summary>costPerTb: a hashtable (price, currency, frequency) or a DataSourceCost.</summary>
    [Parameter]
    [ValidateNotNull]
    [FieldParameter("costPerTb")]
    public object? CostPerTb { get; set; }

    /// <summary>totalCapacity; text is read as a CSV cell is (see <see cref="FieldTextAttribute"/>).</summary>
    [Parameter]
    [FieldParameter("totalCapacity")]
    [FieldText("totalCapacity")]
    public double TotalCapacity { get; set; }

    /// <summary>location: a hashtable (name, street_address, locality_city, ...) or a DataSourceLocation.</summary>
    [Parameter]
    [ValidateNotNull]
    [FieldParameter("location")]
    public object? Location { get; set; }

    /// <summary>includePatterns; replaces the whole list, @() empties it.</summary>
    [Parameter]
    [Alias("IncludePatterns")]
    [AllowEmptyCollection]
    [FieldParameter("includePatterns")]
    public string[]? IncludePattern { get; set; }

    /// <summary>excludePatterns; replaces the whole list, @() empties it.</summary>
    [Parameter]
    [Alias("ExcludePatterns")]
    [AllowEmptyCollection]
    [FieldParameter("excludePatterns")]
    public string[]? ExcludePattern { get; set; }

    /// <summary>scanSinceTimeframe.</summary>
    [Parameter]
    [AllowEmptyString]
    [FieldParameter("scanSinceTimeframe")]
    public string? ScanSinceTimeframe { get; set; }

    /// <summary>incremental.</summary>
    [Parameter]
    [FieldParameter("incremental")]
    public bool Incremental { get; set; }

    /// <summary>Returns each updated data source as the server now has it.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>The most PATCH requests in flight at once across the pipeline, 1 to 64 (the client's connections).</summary>
    [Parameter]
    [ValidateRange(1, DataSourceConnectionSettings.MaxConnectionsPerServer)]
    public int ThrottleLimit { get; set; } = 4;

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        // The parameters' fields are checked before anything is sent; rows add their own later.
        _parameterFields = ParameterFields();
        foreach (var field in _parameterFields)
        {
            _parameterFieldNames.Add(field.Key);
        }

        try
        {
            _patch = PatchOf(Array.Empty<KeyValuePair<string, object?>>());
        }
        catch (DataSourceInputException exception)
        {
            ThrowTerminatingError(ErrorIds.InvalidDataSourceField.Record(exception, null));
        }

        _action = $"Set {string.Join(", ", _patch.FieldNames)}";
        // A data source's own CostPerTb or Location is a whole object as a server holds it: the keys
        // it lacks were not there to lose on that source (the help's way to change one key); other
        // piped sources are checked as they come (WarnOfKeysLost).
        _givenCost = PipedInput.Unwrap(CostPerTb) as DataSourceCost;
        _givenLocation = PipedInput.Unwrap(Location) as DataSourceLocation;
        if (_givenCost == null)
        {
            WarnOfObjectStoredWhole(nameof(CostPerTb), "costPerTb", (_patch.Values.Get("costPerTb") as DataSourceCost)?.KeysNotGiven());
        }

        if (_givenLocation == null)
        {
            WarnOfObjectStoredWhole(nameof(Location), "location", (_patch.Values.Get("location") as DataSourceLocation)?.KeysNotGiven());
        }

        if (_patch.IsEmpty && ParameterSetName == IdSet)
        {
            ThrowNoFieldToSet();
        }

        base.BeginProcessing();
        StartProgress(ProgressActivityId, "Set-DataSource", ParameterSetName == IdSet ? Id.Length : MyInvocation.ExpectingInput ? (long?)null : PipedInput.CountOf(InputObject!));
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (ParameterSetName != InputObjectSet)
        {
            foreach (var given in Id)
            {
                var id = PipedInput.TrimId(given);
                Update(id, $"id {id}", _patch, _action);
            }

            return;
        }

        PipedInput.ForEachItem(InputObject!, _updateInput);
    }

    private void UpdateInput(PSObject input)
    {
        _position++;
        if (PipedInput.IsTotalCount(input))
        {
            StreamPreference.WriteVerbose(this, $"Input {_position} is the total count of -IncludeTotalCount, not a data source: skipped.");
        }
        else if (FromOtherServer(input) is { } otherServer)
        {
            WriteInputError(otherServer);
        }
        else if (PipedInput.TryGetIdentity(input, out var given, out var name))
        {
            var id = given == null ? null : PipedInput.TrimId(given);
            if (_patch.IsEmpty)
            {
                // Rows before it may have updates on their way: written before the command ends.
                WriteCompleted(0);
                ThrowNoFieldToSet();
            }

            if (input.BaseObject is DataSource target)
            {
                WarnOfKeysLost(target);
            }

            Update(id, name == null ? $"id {id}" : $"'{name}' (id {id})", _patch, _action);
        }
        else
        {
            UpdateRow(input);
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        WriteCompleted(0);
        CompleteProgress();
        ThrowIfServerUnreachable(atEnd: true);
    }

    /// <summary>Sends a row's own fields, with the parameters' ones, to the data source its Id names.</summary>
    private void UpdateRow(PSObject row)
    {
        string? id = null;
        DataSourcePatch patch;
        try
        {
            id = _rows.IdOf(row) is { } given ? PipedInput.TrimId(given) : null;
            if (id == null)
            {
                throw new DataSourceInputException("It has no Id (or _id) to say which data source to change: keep the Id column when you export (Select-Object Id, ...).");
            }

            patch = PatchOf(_rows.FieldsOf(row));
            if (patch.IsEmpty)
            {
                throw new DataSourceInputException("It names no field to set, and no field parameter is given.");
            }
        }
        catch (DataSourceInputException exception)
        {
            // Without an id, the row's name (as New-DataSource names its rows) says which row it is.
            var name = id == null ? _rows.NameOf(row) : null;
            var input = id != null ? $"Input {_position} (id {id})" : name != null ? $"Input {_position} ('{name}')" : $"Input {_position}";
            WriteInputError(InvalidArgument($"{input} was not sent: {exception.Message}", ErrorIds.InvalidDataSourceField, (object?)id ?? _position));
            return;
        }

        WarnOfRowObjectStoredWhole("CostPerTb", "costPerTb", (patch.Values.Get("costPerTb") as DataSourceCost)?.KeysNotGiven());
        WarnOfRowObjectStoredWhole("Location", "location", (patch.Values.Get("location") as DataSourceLocation)?.KeysNotGiven());
        Update(id, $"id {id}", patch, $"Set {string.Join(", ", patch.FieldNames)}");
    }

    /// <summary>Starts the PATCH of one data source, then writes finished ones until fewer than -ThrottleLimit are in flight.</summary>
    private void Update(string? id, string target, DataSourcePatch patch, string action)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            WriteInputError(InvalidArgument("An id cannot be empty or white space.", ErrorIds.InvalidId, id));
            return;
        }

        if (ServerUnreachable)
        {
            WriteCompleted(0);
            ThrowIfServerUnreachable();
        }

        if (!ShouldProcess(target, action))
        {
            return;
        }

        // Two changes to one data source are made in the order they came: the second is sent once
        // the first is answered. Two PATCHes in flight at once can be applied in either order, and
        // the last row of a file that names one id twice would not always be the one that stays.
        WriteCompletedUntil(() => !_inFlight.Holds(id!));

        // Without -PassThru the answers are checked but not read into data sources nobody sees.
        _inFlight.Add(id!, PassThru
            ? Start(cancellationToken => (Task)Client.UpdateAsync(id!, patch, cancellationToken))
            : Start(cancellationToken => Client.UpdateUnreadAsync(id!, patch, cancellationToken)));
        WriteCompleted(ThrottleLimit - 1);
    }

    /// <summary>
    /// A patch of a row's fields and the parameters' fields. A field given both ways is refused: the
    /// row and the command line would say two things.
    /// </summary>
    /// <exception cref="DataSourceInputException">A field is unknown, not patchable, given twice, or its value does not fit.</exception>
    private DataSourcePatch PatchOf(IEnumerable<KeyValuePair<string, object?>> rowFields)
    {
        var given = rowFields.ToList();
        RefuseUnchangeableColumns(given);
        var patch = new DataSourcePatch();
        foreach (var field in given)
        {
            if (_parameterFieldNames.Contains(field.Key))
            {
                throw new DataSourceInputException(
                    $"Its column for '{field.Key}' and a parameter both set that field: give it in the rows or as a parameter, not both.");
            }

            var changeable = CanPatch(field.Key);
            try
            {
                patch.Set(field.Key, field.Value);
            }
            catch (DataSourceInputException exception) when (!changeable)
            {
                throw new DataSourceInputException(
                    exception.Message + " A row's columns besides Id are the fields it sets: pipe data sources or ids to set only the parameters.");
            }
        }

        foreach (var field in _parameterFields)
        {
            patch.Set(field.Key, field.Value);
        }

        return patch;
    }

    private static bool CanPatch(string column) => DataSourceSchema.TryGetField(column, out var field) && field.CanPatch;

    // An exported file edited and piped back carries every column: named all at once, not one a
    // run, with what to do instead. One alone gets the field's own message in PatchOf.
    private static void RefuseUnchangeableColumns(IReadOnlyCollection<KeyValuePair<string, object?>> rowFields)
    {
        var unchangeable = rowFields
            .Where(field => !CanPatch(field.Key))
            .Select(field => field.Key)
            .ToList();
        if (unchangeable.Count < 2)
        {
            return;
        }

        const int Shown = 8;
        var named = string.Join(", ", unchangeable.Take(Shown)) + (unchangeable.Count > Shown ? $" and {unchangeable.Count - Shown} more" : string.Empty);
        throw new DataSourceInputException(
            $"Its columns {named} are no fields an update can set. A row's columns besides Id are the fields it sets: keep Id and the columns to change (Select-Object Id, Note, Incremental, say), or pipe data sources or ids to set only the parameters.");
    }

    /// <summary>The fields the bound parameters set, -Credential as userName and password.</summary>
    private IReadOnlyList<KeyValuePair<string, object?>> ParameterFields()
    {
        RefuseEmpty("-Credential's password", "password", Credential?.Password, "or -UserName alone to change only the user name");
        RefuseEmpty("-Password", "password", Password, "or leave -Password out");
        RefuseEmpty("-SecretKey", "secretKey", SecretKey, "or leave -SecretKey out");
        RefuseEmpty("-AzureSharedKey", "azureSharedKey", AzureSharedKey, "or leave -AzureSharedKey out");
        var fields = new List<KeyValuePair<string, object?>>(BoundFields());
        if (Credential != null)
        {
            if (MyInvocation.BoundParameters.ContainsKey(nameof(UserName)) || MyInvocation.BoundParameters.ContainsKey(nameof(Password)))
            {
                ThrowTerminatingError(InvalidArgument(
                    "-Credential sets the user name and password: give either -Credential, or -UserName and -Password.", ErrorIds.CredentialConflict, null));
            }

            fields.Add(new KeyValuePair<string, object?>("userName", Credential.UserName));
            fields.Add(new KeyValuePair<string, object?>("password", Credential.Password));
        }

        return fields;
    }

    // An empty secret would clear the stored one. It is what Get-Credential and Read-Host
    // -AsSecureString give when Enter is pressed at the prompt, not a secret anyone means to set.
    private void RefuseEmpty(string what, string field, SecureString? secret, string otherwise)
    {
        if (secret != null && secret.Length == 0)
        {
            ThrowTerminatingError(ErrorIds.InvalidDataSourceField.Record(
                new DataSourceInputException($"{what} is empty: it would clear the stored {field}. Give the {field}, {otherwise}; nothing was sent."),
                null));
        }
    }

    // The server stores an object field whole: keys the parameter leaves out are gone afterwards,
    // which a user who meant "change the price" would not expect without being told.
    private void WarnOfObjectStoredWhole(string parameter, string field, string[]? keysNotGiven)
    {
        if (keysNotGiven == null || keysNotGiven.Length == 0)
        {
            return;
        }

        var keys = SentenceText.Series(keysNotGiven, "or");
        StreamPreference.WriteWarning(
            this,
            $"-{parameter} replaces the stored {field} whole: it gives no {keys}, so each data source this changes will have none. " +
            $"To change one key, change it on the data source's own {parameter} and give that: $s.{parameter}.<key> = <value>; $s | Set-DataSource -{parameter} $s.{parameter}.");
    }

    // A data source's own CostPerTb or Location given for others ($others | Set-DataSource
    // -CostPerTb $s.CostPerTb) is not warned of in BeginProcessing; a piped source that has a key
    // the object lacks would lose it. Said for the first such source, before it is sent.
    private void WarnOfKeysLost(DataSource target)
    {
        if (_keysLostWarned || (_givenCost == null && _givenLocation == null))
        {
            return;
        }

        var lost = LostKeys("costPerTb", target.CostPerTb?.KeysNotGiven(), _givenCost?.KeysNotGiven())
            .Concat(LostKeys("location", target.Location?.KeysNotGiven(), _givenLocation?.KeysNotGiven()))
            .ToList();
        if (lost.Count == 0)
        {
            return;
        }

        _keysLostWarned = true;
        StreamPreference.WriteWarning(
            this,
            $"'{target.ResourceName}' (id {target.Id}) has {string.Join(" and ", lost)}, which the object given does not: the server stores it whole, so that data source will have none " +
            "(said for the first such data source only). Give each data source its own object with the key changed, or an object with every key.");
    }

    // The keys a target has (the wire's keys but those it lacks) that the given object lacks, as "costPerTb's frequency".
    private static IEnumerable<string> LostKeys(string field, string[]? targetLacks, string[]? givenLacks) =>
        targetLacks == null || givenLacks == null
            ? Enumerable.Empty<string>()
            : givenLacks.Except(targetLacks).Select(key => $"{field}'s {key}");

    // The same for a row's own CostPerTb or Location cell (an edited file, a hashtable): said for
    // the first row that leaves keys out, before it is sent, and not again for the rows after it.
    // A parameter's object was warned of in BeginProcessing.
    private void WarnOfRowObjectStoredWhole(string column, string field, string[]? keysNotGiven)
    {
        if (keysNotGiven == null || keysNotGiven.Length == 0 || _parameterFieldNames.Contains(field) || !_rowObjectsWarned.Add(field))
        {
            return;
        }

        var keys = SentenceText.Series(keysNotGiven, "and");
        StreamPreference.WriteWarning(
            this,
            $"Input {_position}'s {column} replaces the stored {field} whole: the keys it leaves out ({keys}) are cleared where that data source has them (said for the first such row only). " +
            $"To change one key, give the object with every key the data source has, that one changed.");
    }

    private void ThrowNoFieldToSet() =>
        ThrowTerminatingError(InvalidArgument(
            "Name at least one field to set, e.g. -Incremental $true or -Description 'text'; nothing was sent.", ErrorIds.NoFieldToSet, null));

    /// <summary>Writes the finished updates, waiting until no more than <paramref name="maxInFlight"/> remain.</summary>
    private void WriteCompleted(int maxInFlight) => WriteCompletedUntil(() => _inFlight.Count <= maxInFlight);

    private void WriteCompletedUntil(Func<bool> enough)
    {
        while (true)
        {
            foreach (var done in TakeCompleted())
            {
                WriteOutcome(done.Key, done.Value);
            }

            if (enough())
            {
                FlushRequestLog();
                return;
            }

            WaitAny(_inFlight.Tasks);
        }
    }

    // An input refused before sending. When it will stop the command, the updates in flight are
    // written first: each change made reaches the pipeline before the error ends it.
    private void WriteInputError(ErrorRecord error)
    {
        if (ErrorsStop)
        {
            WriteCompleted(0);
        }

        WriteError(error);
    }

    // The finished updates in the order they were sent. When an error among them will stop the
    // command (-ErrorAction Stop, or an authentication failure or a closed connection, which always
    // do), the updates still in flight are waited for, not abandoned: the server may have made them
    // already. The ones made come first, then the other errors, those that end the command last:
    // each change made is written before the error ends the command.
    private IEnumerable<KeyValuePair<string, Task>> TakeCompleted()
    {
        var done = _inFlight.TakeCompleted();
        if (!done.Any(update => update.Value.IsFaulted && (ErrorsStop || EndsCommand(update.Value))))
        {
            return done;
        }

        while (_inFlight.Count > 0)
        {
            WaitAny(_inFlight.Tasks);
            done.AddRange(_inFlight.TakeCompleted());
        }

        return done.OrderBy(update => update.Value.IsFaulted).ThenBy(update => EndsCommand(update.Value));
    }

    private bool EndsCommand(Task update) =>
        update.Exception?.InnerException is DataSourceApiException failure && EndsCommand(failure);

    private void WriteOutcome(string id, Task update)
    {
        CountDone(1);
        try
        {
            update.GetAwaiter().GetResult();
            if (PassThru)
            {
                WriteObject(FromThisServer(((Task<DataSource>)update).Result));
            }
        }
        catch (DataSourceApiException exception)
        {
            WriteApiError(WithNameHint(exception, id, $"to change a data source by its name: Find-DataSource -Name '{CodeGeneration.EscapeSingleQuotedStringContent(WildcardPattern.Escape(id))}' | Set-DataSource, with the same parameters"), id);
        }
        catch (DataSourceInputException exception)
        {
            // An id the client refuses to put in a path, such as "..".
            WriteError(ErrorIds.InvalidId.Record(exception, id));
        }
        catch (OperationCanceledException) when (Stopping)
        {
        }
    }
}
