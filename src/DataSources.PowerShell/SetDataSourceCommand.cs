using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security;
using System.Threading.Tasks;
using DataSources.Client;

namespace DataSources.Commands
{
    /// <summary>
    /// Set-DataSource: changes exactly the fields named by the bound parameters (PATCH), on each data
    /// source of the pipeline, with up to -ThrottleLimit requests in flight. Output and errors are
    /// written from the pipeline thread, in the order the requests complete.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "DataSource", DefaultParameterSetName = InputObjectSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(DataSource))]
    public sealed class SetDataSourceCommand : ConnectedDataSourceCmdlet
    {
        private const string IdSet = "Id";
        private const string InputObjectSet = "InputObject";

        private readonly List<PendingUpdate> _inFlight = new List<PendingUpdate>();
        private DataSourcePatch _patch = new DataSourcePatch();
        private string _action = string.Empty;

        /// <summary>
        /// The id of the data source to change; from the pipeline as a string too, so the ids of
        /// failed updates (their errors' TargetObject) can be piped back in.
        /// </summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = IdSet)]
        [Alias("_id")]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(DataSourceIdCompleter))]
        public string? Id { get; set; }

        /// <summary>The data source to change, e.g. from Find-DataSource.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
        [ValidateNotNull]
        public DataSource[] InputObject { get; set; } = Array.Empty<DataSource>();

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

        /// <summary>totalCapacity.</summary>
        [Parameter]
        [FieldParameter("totalCapacity")]
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
            // The fields come from parameters, never from the pipeline: the same patch for every item,
            // checked before anything is sent.
            _patch = BuildPatch();
            _action = $"Set {string.Join(", ", _patch.FieldNames)}";
            base.BeginProcessing();
        }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            if (ParameterSetName != InputObjectSet)
            {
                Update(Id, $"id {Id}");
                return;
            }

            foreach (var source in InputObject)
            {
                Update(source.Id, $"'{source.ResourceName}' (id {source.Id})");
            }
        }

        /// <inheritdoc />
        protected override void EndProcessing() => WriteCompleted(0);

        /// <summary>Starts the PATCH of one data source, then writes finished ones until fewer than -ThrottleLimit are in flight.</summary>
        private void Update(string? id, string target)
        {
            if (string.IsNullOrWhiteSpace(id))
            {
                WriteError(InvalidArgument("An id cannot be empty or white space.", "InvalidId", id));
                return;
            }

            if (!ShouldProcess(target, _action))
            {
                return;
            }

            _inFlight.Add(new PendingUpdate(id!, Start(cancellationToken => Client.UpdateAsync(id!, _patch, cancellationToken))));
            WriteCompleted(ThrottleLimit - 1);
        }

        private DataSourcePatch BuildPatch()
        {
            var patch = new DataSourcePatch();
            try
            {
                foreach (var field in BoundFields())
                {
                    patch.Set(field.Key, field.Value);
                }
            }
            catch (DataSourceInputException exception)
            {
                ThrowTerminatingError(new ErrorRecord(exception, "InvalidFieldValue", ErrorCategory.InvalidArgument, null));
            }

            if (Credential != null)
            {
                if (MyInvocation.BoundParameters.ContainsKey(nameof(UserName)) || MyInvocation.BoundParameters.ContainsKey(nameof(Password)))
                {
                    ThrowTerminatingError(InvalidArgument(
                        "-Credential sets the user name and password: give either -Credential, or -UserName and -Password.", "CredentialConflict", null));
                }

                patch.Set("userName", Credential.UserName).Set("password", Credential.Password);
            }

            if (patch.IsEmpty)
            {
                ThrowTerminatingError(InvalidArgument(
                    "Name at least one field to set, e.g. -Incremental $true or -Description 'text'; nothing was sent.", "NoFieldToSet", null));
            }

            return patch;
        }

        /// <summary>Writes the finished updates, waiting until no more than <paramref name="maxInFlight"/> remain.</summary>
        private void WriteCompleted(int maxInFlight)
        {
            while (true)
            {
                foreach (var done in _inFlight.Where(pending => pending.Task.IsCompleted).ToArray())
                {
                    _inFlight.Remove(done);
                    WriteOutcome(done);
                }

                if (_inFlight.Count <= maxInFlight)
                {
                    FlushRequestLog();
                    return;
                }

                WaitAny(_inFlight.Select(pending => (Task)pending.Task).ToArray());
            }
        }

        private void WriteOutcome(PendingUpdate update)
        {
            try
            {
                var updated = update.Task.GetAwaiter().GetResult();
                if (PassThru)
                {
                    WriteObject(updated);
                }
            }
            catch (DataSourceApiException exception)
            {
                WriteApiError(exception, update.Id);
            }
            catch (DataSourceInputException exception)
            {
                // An id the client refuses to put in a path, such as "..".
                WriteError(new ErrorRecord(exception, "InvalidId", ErrorCategory.InvalidArgument, update.Id));
            }
            catch (OperationCanceledException) when (Stopping)
            {
            }
        }

        private sealed class PendingUpdate
        {
            public PendingUpdate(string id, Task<DataSource> task)
            {
                Id = id;
                Task = task;
            }

            public string Id { get; }

            public Task<DataSource> Task { get; }
        }
    }
}
