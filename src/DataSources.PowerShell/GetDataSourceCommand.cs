using System;
using System.Collections.Generic;
using System.Management.Automation;
using DataSources.Client;

namespace DataSources.Commands
{
    /// <summary>
    /// Get-DataSource: data sources by id. Ids are gathered across the whole pipeline and asked for in
    /// batches (one by-ids request per batch), flushed as a batch fills and at the end; a lone id is a GET.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DataSource")]
    [OutputType(typeof(DataSource))]
    public sealed class GetDataSourceCommand : ConnectedDataSourceCmdlet
    {
        private readonly List<string> _pending = new List<string>();
        private int _batchSize;

        /// <summary>The ids, from the pipeline as strings or as the Id (or _id) property of the objects.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("_id")]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(DataSourceIdCompleter))]
        public string[] Id { get; set; } = Array.Empty<string>();

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _batchSize = Client.Settings.GetBatchSize;
        }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            foreach (var id in Id)
            {
                if (string.IsNullOrWhiteSpace(id))
                {
                    WriteError(InvalidArgument("An id cannot be empty or white space.", "InvalidId", id));
                    continue;
                }

                _pending.Add(id);
                if (_pending.Count == _batchSize)
                {
                    Flush();
                }
            }
        }

        /// <inheritdoc />
        protected override void EndProcessing() => Flush();

        private void Flush()
        {
            var ids = _pending.ToArray();
            _pending.Clear();
            try
            {
                if (ids.Length == 1)
                {
                    WriteObject(Wait(Start(cancellationToken => Client.GetAsync(ids[0], cancellationToken))));
                }
                else if (ids.Length > 1)
                {
                    var result = Wait(Start(cancellationToken => Client.GetManyAsync(ids, cancellationToken)));
                    WriteObject(result.Found, enumerateCollection: true);
                    foreach (var id in result.NotFound)
                    {
                        WriteError(ErrorRecordFor(new DataSourceApiException(ApiErrorKind.NotFound, $"There is no data source with id '{id}'."), id));
                    }
                }
            }
            catch (DataSourceApiException exception)
            {
                // The whole batch failed: each of its ids gets the error, so a script can retry them.
                foreach (var id in ids)
                {
                    WriteApiError(exception, id);
                }
            }
            catch (DataSourceInputException exception)
            {
                // An id the client refuses to put in a path, such as "..".
                WriteError(new ErrorRecord(exception, "InvalidId", ErrorCategory.InvalidArgument, ids[0]));
            }
            catch (OperationCanceledException) when (Stopping)
            {
            }
        }
    }
}
