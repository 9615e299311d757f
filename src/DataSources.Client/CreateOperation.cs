using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace DataSources.Client
{
    /// <summary>
    /// One create call: batches, the per-item outcome of 201/207/400 answers, and recovery from a
    /// batch whose fate is unknown, without ever creating an item twice or dropping one unreported.
    /// </summary>
    internal sealed class CreateOperation
    {
        private readonly IReadOnlyList<DataSourceCreateRequest> _items;
        private readonly ApiTransport _transport;
        private readonly TokenSession _session;
        private readonly ApiRequestFactory _requests;
        private readonly Func<IReadOnlyCollection<string>, CancellationToken, Task<Dictionary<string, DataSource>>> _findByNames;
        private readonly DataSource?[] _created;
        private readonly CreateFailure?[] _failures;

        public CreateOperation(
            IReadOnlyList<DataSourceCreateRequest> items,
            ApiTransport transport,
            TokenSession session,
            ApiRequestFactory requests,
            Func<IReadOnlyCollection<string>, CancellationToken, Task<Dictionary<string, DataSource>>> findByNames)
        {
            _items = items;
            _transport = transport;
            _session = session;
            _requests = requests;
            _findByNames = findByNames;
            _created = new DataSource?[items.Count];
            _failures = new CreateFailure?[items.Count];
        }

        public async Task<CreateResult> RunAsync(CancellationToken cancellationToken)
        {
            var batch = new List<int>(_transport.Settings.CreateBatchSize);
            for (var index = 0; index < _items.Count; index++)
            {
                var missing = MissingRequiredField(_items[index]);
                if (missing != null)
                {
                    // Sent along, one bad item would make the server refuse the whole batch.
                    _failures[index] = new CreateFailure(index, _items[index].ResourceName, $"The field '{missing}' is required.", null);
                    continue;
                }

                batch.Add(index);
            }

            try
            {
                for (var start = 0; start < batch.Count; start += _transport.Settings.CreateBatchSize)
                {
                    var count = Math.Min(_transport.Settings.CreateBatchSize, batch.Count - start);
                    await SendBatchAsync(batch.GetRange(start, count).ToArray(), cancellationToken).ConfigureAwait(false);
                }
            }
            catch (DataSourceApiException failed) when (failed.Kind != ApiErrorKind.Authentication && Array.Exists(_created, created => created != null))
            {
                // Items already created must be reported as created, not lost with the exception: the
                // ones still without an outcome get the failure, and nothing more is sent.
                for (var index = 0; index < _items.Count; index++)
                {
                    if (_created[index] == null && _failures[index] == null)
                    {
                        _failures[index] = new CreateFailure(index, _items[index].ResourceName, failed);
                    }
                }
            }

            return new CreateResult(_created, _failures);
        }

        // In the schema's order, so the first one missing is the one named; worked out once, not per item.
        private static readonly string[] RequiredFields = DataSourceSchema.Fields.Where(field => field.IsRequired).Select(field => field.JsonName).ToArray();

        private static string? MissingRequiredField(DataSourceCreateRequest item)
        {
            foreach (var required in RequiredFields)
            {
                if (item.Values.Get(required) == null)
                {
                    return required;
                }
            }

            return null;
        }

        private async Task SendBatchAsync(int[] batch, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            var pending = batch;
            var round = 0;
            while (pending.Length > 0)
            {
                round++;
                try
                {
                    var response = await _transport
                        .SendAsync(_requests.Create(_items, pending), _session, ResponseReaders.DataSourceList, cancellationToken)
                        .ConfigureAwait(false);
                    Record(pending, response.Data, ItemFailureList.Parse(response.Message, response.Status), response.Status);
                    return;
                }
                catch (DataSourceApiException refused) when (refused.StatusCode == 400 && !refused.MayHaveBeenApplied)
                {
                    // A 400 creates nothing: items the server did not name can go again without them.
                    pending = refused.ItemFailures.Count > 0
                        ? RecordRefusals(pending, refused.ItemFailures)
                        : await IsolateAsync(pending, refused, cancellationToken).ConfigureAwait(false);
                }
                catch (DataSourceApiException unknown) when (unknown.MayHaveBeenApplied)
                {
                    if (round >= _transport.Settings.MaxAttempts || clock.Elapsed >= _transport.Settings.MaxRetryTime)
                    {
                        throw OutcomeUnknown(unknown, $"Whether {pending.Length} data source(s) were created is unknown after {round} attempts");
                    }

                    await Task.Delay(_transport.Backoff(round), cancellationToken).ConfigureAwait(false);
                    pending = await TakeExistingAsync(pending, unknown, cancellationToken).ConfigureAwait(false);
                }
                catch (DataSourceApiException failed) when (failed.StatusCode == 500)
                {
                    await RecordServerFailureAsync(pending, failed, cancellationToken).ConfigureAwait(false);
                    return;
                }
            }
        }

        /// <summary>
        /// A 500 may come after the server stored part of the batch: what exists now was created, and
        /// only the rest failed. Nothing is sent again, as a server error may well repeat.
        /// </summary>
        private async Task RecordServerFailureAsync(int[] pending, DataSourceApiException failed, CancellationToken cancellationToken)
        {
            var missing = await TakeExistingAsync(pending, failed, cancellationToken).ConfigureAwait(false);
            if (missing.Length == pending.Length)
            {
                // Nothing was stored: the request failed as a whole.
                throw failed;
            }

            foreach (var index in missing)
            {
                _failures[index] = new CreateFailure(index, _items[index].ResourceName, failed);
            }
        }

        private static DataSourceApiException OutcomeUnknown(DataSourceApiException cause, string what) =>
            new DataSourceApiException(
                cause.Kind,
                cause.Message + $" {what}; look them up by resource name before creating them again.",
                cause.StatusCode,
                cause.ServerMessage,
                cause.Method,
                cause.Route,
                innerException: cause);

        // The answer's data lists the created items in request order, leaving out the refused ones.
        private void Record(int[] sent, IReadOnlyList<DataSource> created, IReadOnlyList<CreateFailure>? refusals, int status)
        {
            var accepted = refusals == null ? sent : RecordRefusals(sent, refusals);
            if (created.Count != accepted.Length)
            {
                throw new DataSourceApiException(
                    ApiErrorKind.InvalidResponse,
                    $"The server answered {status} to a create of {sent.Length} data source(s) with {created.Count} created and {sent.Length - accepted.Length} refused; the counts do not add up.",
                    status);
            }

            for (var i = 0; i < accepted.Length; i++)
            {
                _created[accepted[i]] = created[i];
            }
        }

        /// <summary>Records the refused items; returns the indices of the others.</summary>
        private int[] RecordRefusals(int[] sent, IReadOnlyList<CreateFailure> refusals)
        {
            var refused = new bool[sent.Length];
            foreach (var refusal in refusals)
            {
                if (refusal.Index < sent.Length && !refused[refusal.Index])
                {
                    refused[refusal.Index] = true;
                    var index = sent[refusal.Index];
                    _failures[index] = new CreateFailure(index, refusal.ResourceName ?? _items[index].ResourceName, refusal.Message, refusal.StatusCode);
                }
            }

            var rest = new List<int>(sent.Length);
            for (var i = 0; i < sent.Length; i++)
            {
                if (!refused[i])
                {
                    rest.Add(sent[i]);
                }
            }

            return rest.ToArray();
        }

        /// <summary>
        /// A 400 that does not say which item is at fault: halve the batch until each bad item stands
        /// alone, so the good ones are created and each bad one gets the server's reason.
        /// </summary>
        private async Task<int[]> IsolateAsync(int[] pending, DataSourceApiException refused, CancellationToken cancellationToken)
        {
            if (pending.Length == 1)
            {
                var index = pending[0];
                _failures[index] = new CreateFailure(index, _items[index].ResourceName, refused.Message, refused.StatusCode);
                return Array.Empty<int>();
            }

            var half = pending.Length / 2;
            await SendBatchAsync(Slice(pending, 0, half), cancellationToken).ConfigureAwait(false);
            await SendBatchAsync(Slice(pending, half, pending.Length - half), cancellationToken).ConfigureAwait(false);
            return Array.Empty<int>();
        }

        private static int[] Slice(int[] indices, int start, int count)
        {
            var slice = new int[count];
            Array.Copy(indices, start, slice, 0, count);
            return slice;
        }

        /// <summary>
        /// After a create whose outcome is unknown (<paramref name="cause"/>): records the items that exist
        /// now, returns those still to send. When the look-up fails too, the error is the create's.
        /// </summary>
        private async Task<int[]> TakeExistingAsync(int[] pending, DataSourceApiException cause, CancellationToken cancellationToken)
        {
            var names = new List<string>(pending.Length);
            foreach (var index in pending)
            {
                names.Add(_items[index].ResourceName!);
            }

            Dictionary<string, DataSource> existing;
            try
            {
                existing = await _findByNames(names, cancellationToken).ConfigureAwait(false);
            }
            catch (DataSourceApiException)
            {
                // Not the look-up's error: the user asked for a create, and must learn that it may have happened.
                throw OutcomeUnknown(cause, $"Whether the {pending.Length} data source(s) were created could not be checked, as looking them up failed too");
            }

            var rest = new List<int>(pending.Length);
            foreach (var index in pending)
            {
                // Each found source answers one item only: a name given twice in a batch was created at most once.
                if (existing.TryGetValue(_items[index].ResourceName!, out var found))
                {
                    _created[index] = found;
                    existing.Remove(_items[index].ResourceName!);
                }
                else
                {
                    rest.Add(index);
                }
            }

            return rest.ToArray();
        }
    }
}
