using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace DataSources.Client;

/// <summary>
/// One create call: batches, the per-item outcome of 201/207/400 answers, names that exist already,
/// bodies too large for the server, recovery from a batch whose fate is unknown, and the patch-only
/// fields set right after; without ever creating an item twice or dropping one unreported.
/// </summary>
internal sealed class CreateOperation(
    IReadOnlyList<DataSourceCreateRequest> items,
    ApiTransport transport,
    RetryPolicy retry,
    int batchSize,
    TokenSession session,
    ApiRequestFactory requests,
    Func<IReadOnlyCollection<string>, bool, CancellationToken, Task<Dictionary<string, DataSource>>> findByNames)
{
    // Fastify's default body limit is 1 MiB ([inferred]); a batch whose body would come near it is
    // split before it is sent, and one refused with 413 all the same is split then.
    private const int MaxBodyBytes = 1000 * 1000;

    // Patch-only fields are set with one PATCH per item: a few at a time, as Set-DataSource does.
    private const int AfterCreateConcurrency = 4;

    // Per item, by its index: what was created, why it was not, and why its patch-only fields were not set.
    private readonly DataSource?[] _created = new DataSource?[items.Count];
    private readonly CreateFailure?[] _failures = new CreateFailure?[items.Count];
    private readonly DataSourceApiException?[] _afterCreateErrors = new DataSourceApiException?[items.Count];

    public async Task<CreateResult> RunAsync(CancellationToken cancellationToken)
    {
        var batch = new List<int>(batchSize);
        for (var index = 0; index < items.Count; index++)
        {
            var missing = items[index].MissingRequiredField();
            if (missing != null)
            {
                // Sent along, one bad item would make the server refuse the whole batch.
                _failures[index] = new CreateFailure(index, items[index].ResourceName, $"The field '{missing}' is required.", null);
                continue;
            }

            batch.Add(index);
        }

        try
        {
            for (var start = 0; start < batch.Count; start += batchSize)
            {
                var count = Math.Min(batchSize, batch.Count - start);
                var indices = batch.GetRange(start, count).ToArray();
                await SendBatchAsync(indices, cancellationToken).ConfigureAwait(false);
                await FindExistingOfDuplicatesAsync(indices, cancellationToken).ConfigureAwait(false);
                await SetAfterCreateFieldsAsync(indices, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (DataSourceApiException failed) when (failed.Kind != ApiErrorKind.Authentication && Array.Exists(_created, created => created != null))
        {
            // Items already created must be reported as created, not lost with the exception: the
            // ones still without an outcome get the failure, and nothing more is sent.
            for (var index = 0; index < items.Count; index++)
            {
                if (_created[index] == null && _failures[index] == null)
                {
                    _failures[index] = new CreateFailure(index, items[index].ResourceName, failed);
                }
            }
        }

        return new CreateResult(_created, _failures, _afterCreateErrors);
    }

    private async Task SendBatchAsync(int[] batch, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var pending = batch;
        var round = 0;
        while (pending.Length > 0)
        {
            var request = requests.Create(items, pending);
            if (request.Body!.Bytes.Length > MaxBodyBytes && pending.Length > 1)
            {
                await SendHalvesAsync(pending, cancellationToken).ConfigureAwait(false);
                return;
            }

            round++;
            try
            {
                var response = await transport.SendAsync(request, session, ResponseReaders.DataSourceList, cancellationToken).ConfigureAwait(false);
                Record(pending, response.Data, ItemFailureList.Parse(response.Message, response.Status), response.Status);
                return;
            }
            catch (DataSourceApiException tooLarge) when (tooLarge.StatusCode == 413)
            {
                if (pending.Length == 1)
                {
                    var index = pending[0];
                    _failures[index] = new CreateFailure(
                        index,
                        items[index].ResourceName,
                        $"The server refused it as too large even alone ({request.Body.Bytes.Length:N0} bytes): {tooLarge.Message}",
                        tooLarge.StatusCode);
                    return;
                }

                await SendHalvesAsync(pending, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (DataSourceApiException refused) when (refused.StatusCode == 400 && !refused.MayHaveBeenApplied && refused.ItemFailures.Count > 0)
            {
                // A 400 creates nothing: items the server did not name can go again without them.
                pending = RecordRefusals(pending, refused.ItemFailures);
            }
            catch (DataSourceApiException duplicate) when (!duplicate.MayHaveBeenApplied && DuplicateRefusal.IsDuplicate(duplicate))
            {
                pending = await SortOutDuplicateAsync(pending, duplicate, cancellationToken).ConfigureAwait(false);
            }
            catch (DataSourceApiException refused) when (refused.StatusCode == 400 && !refused.MayHaveBeenApplied)
            {
                pending = await IsolateAsync(pending, refused, cancellationToken).ConfigureAwait(false);
            }
            catch (DataSourceApiException unknown) when (unknown.MayHaveBeenApplied)
            {
                if (!retry.AllowsAnotherRound(round, clock.Elapsed))
                {
                    throw OutcomeUnknown(unknown, $"Whether {pending.Length} data source(s) were created is unknown after {round} attempts");
                }

                await retry.WaitAsync(retry.Backoff(round), cancellationToken).ConfigureAwait(false);
                pending = await TakeExistingAsync(pending, unknown, cancellationToken).ConfigureAwait(false);
            }
            catch (DataSourceApiException failed) when (failed.StatusCode == 500)
            {
                await RecordServerFailureAsync(pending, failed, cancellationToken).ConfigureAwait(false);
                return;
            }
        }
    }

    private async Task SendHalvesAsync(int[] pending, CancellationToken cancellationToken)
    {
        var half = pending.Length / 2;
        await SendBatchAsync(Slice(pending, 0, half), cancellationToken).ConfigureAwait(false);
        await SendBatchAsync(Slice(pending, half, pending.Length - half), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A whole request refused for a duplicate key, with one look-up of the batch's names. The server
    /// inserts in order and stops at the first duplicate: it says which item that was by echoing it.
    /// Items before it that exist now were stored by this request; the echoed one and later ones that
    /// exist were there before. Returns the items still to send. Where the echo names no item of the
    /// batch, each item that exists is reported as existing and the rest go again.
    /// </summary>
    private async Task<int[]> SortOutDuplicateAsync(int[] pending, DataSourceApiException refusal, CancellationToken cancellationToken)
    {
        var culprit = EchoedPosition(pending, refusal.ServerMessage);
        Dictionary<string, DataSource> existing;
        try
        {
            existing = await FindByNamesAsync(pending, inAnyCase: true, cancellationToken).ConfigureAwait(false);
        }
        catch (DataSourceApiException lookUpFailed)
        {
            RecordUnsortedDuplicate(pending, culprit, refusal, lookUpFailed);
            return Array.Empty<int>();
        }

        var rest = new List<int>(pending.Length);
        for (var position = 0; position < pending.Length; position++)
        {
            var index = pending[position];
            existing.TryGetValue(items[index].ResourceName!, out var found);
            if (position != culprit && found != null && !string.Equals(found.ResourceName, items[index].ResourceName, StringComparison.Ordinal))
            {
                // Only the server's refusal of this very item says a name in another case is the
                // same one: the others' names must exist exactly.
                found = null;
            }

            if (position < culprit && found != null)
            {
                _created[index] = found;
            }
            else if (position == culprit && found == null && items[index].Values.Get("fqdnId") is string fqdnId)
            {
                // The item the server echoes, and its name is free: what it refused is the other
                // unique key, which the echo of the record does not say plainly.
                _failures[index] = CreateFailure.Duplicate(
                    index,
                    items[index].ResourceName,
                    $"No data source is named '{items[index].ResourceName}', but its fqdnId '{fqdnId}' is another data source's, and the server refused it as a duplicate: give it an fqdnId of its own, or none. The server said: {refusal.Message}",
                    refusal.StatusCode,
                    null);
            }
            else if (position == culprit || found != null)
            {
                _failures[index] = DuplicateFailure(index, found, refusal);
            }
            else
            {
                rest.Add(index);
            }
        }

        if (rest.Count == pending.Length)
        {
            // Nothing was sorted out: the server named no item of the batch and none of their names
            // exists (a duplicate fqdnId, say). Sending it again would meet the same refusal.
            foreach (var index in pending)
            {
                _failures[index] = DuplicateFailure(index, null, refusal);
            }

            return Array.Empty<int>();
        }

        return rest.ToArray();
    }

    /// <summary>
    /// A duplicate refusal whose look-up failed: the echoed item exists, the items after it were not
    /// stored (the server stops at the first duplicate), and the items before it may have been. Not
    /// the look-up's error alone: the user asked for a create, and must learn that it may have happened.
    /// </summary>
    private void RecordUnsortedDuplicate(int[] pending, int culprit, DataSourceApiException refusal, DataSourceApiException lookUpFailed)
    {
        var culpritName = culprit < 0 ? null : items[pending[culprit]].ResourceName;
        var refused = culpritName == null
            ? "The server refused the batch for a name or fqdnId that exists, and may have stored the data sources before that one"
            : $"The server refused the batch at '{culpritName}', a name that exists, and may have stored the data sources before it";
        // The create's error, of the look-up's kind: what a script should do next is what the look-up met.
        var unknown = new DataSourceApiException(
            lookUpFailed.Kind,
            $"{refused}; whether this one was created could not be checked, as looking it up failed too ({lookUpFailed.Message}). Look it up by resource name before creating it again.",
            refusal.StatusCode,
            refusal.ServerMessage,
            refusal.Method,
            refusal.Route,
            innerException: lookUpFailed);
        for (var position = 0; position < pending.Length; position++)
        {
            var index = pending[position];
            var name = items[index].ResourceName;
            if (culprit < 0 || position < culprit)
            {
                _failures[index] = new CreateFailure(index, name, unknown);
            }
            else if (position == culprit)
            {
                _failures[index] = DuplicateFailure(index, null, refusal);
            }
            else
            {
                _failures[index] = new CreateFailure(
                    index, name, $"The server refused its batch at '{culpritName}', a name that exists, and stores nothing after that one: send it again.", refusal.StatusCode);
            }
        }
    }

    private CreateFailure DuplicateFailure(int index, DataSource? existing, DataSourceApiException refusal) =>
        CreateFailure.Duplicate(
            index,
            items[index].ResourceName,
            existing != null
                ? Exists(existing, items[index].ResourceName)
                : $"The server refused it as a duplicate: {refusal.Message}",
            refusal.StatusCode,
            existing);

    private static string Exists(DataSource existing, string? asked) =>
        string.Equals(existing.ResourceName, asked, StringComparison.Ordinal)
            ? $"A data source named '{existing.ResourceName}' already exists (id {existing.Id})."
            : $"A data source named '{existing.ResourceName}' already exists (id {existing.Id}), and the server takes '{asked}' for the same name.";

    // Where in the batch the item the refusal echoes sits; -1 when it echoes none of them.
    private int EchoedPosition(int[] pending, object? serverMessage)
    {
        var (name, fqdnId) = DuplicateRefusal.EchoedItem(serverMessage);
        if (name == null)
        {
            return -1;
        }

        for (var position = 0; position < pending.Length; position++)
        {
            var item = items[pending[position]];
            if (item.ResourceName == name && (fqdnId == null || Equals(item.Values.Get("fqdnId"), fqdnId)))
            {
                return position;
            }
        }

        return -1;
    }

    /// <summary>Per-item refusals of duplicates (the older 207 or 400 list) get the existing source's id, with one look-up.</summary>
    private async Task FindExistingOfDuplicatesAsync(int[] batch, CancellationToken cancellationToken)
    {
        var duplicates = batch.Where(index => _failures[index] != null && _failures[index]!.IsDuplicate && _failures[index]!.Existing == null).ToArray();
        if (duplicates.Length == 0)
        {
            return;
        }

        Dictionary<string, DataSource> existing;
        try
        {
            existing = await FindByNamesAsync(duplicates, inAnyCase: true, cancellationToken).ConfigureAwait(false);
        }
        catch (DataSourceApiException)
        {
            // The look-up only adds the existing sources' ids; the outcomes stand without them.
            return;
        }

        foreach (var index in duplicates)
        {
            if (existing.TryGetValue(items[index].ResourceName!, out var found))
            {
                var refused = _failures[index]!;
                _failures[index] = CreateFailure.Duplicate(index, refused.ResourceName, Exists(found, refused.ResourceName), refused.StatusCode, found);
            }
        }
    }

    // In any case only for items the server refused as duplicates: its refusal says it takes a name
    // in another case for the same one. What exists after an unknown outcome must be exactly the item.
    private Task<Dictionary<string, DataSource>> FindByNamesAsync(IEnumerable<int> indices, bool inAnyCase, CancellationToken cancellationToken) =>
        findByNames(indices.Select(index => items[index].ResourceName!).ToList(), inAnyCase, cancellationToken);

    /// <summary>Sets the patch-only fields of the batch's created items, each with one PATCH; a failure is the item's after-create error.</summary>
    private async Task SetAfterCreateFieldsAsync(int[] batch, CancellationToken cancellationToken)
    {
        var due = batch.Where(index => _created[index] != null && items[index].AfterCreate.Count > 0).ToArray();
        if (due.Length == 0)
        {
            return;
        }

        using (var gate = new SemaphoreSlim(AfterCreateConcurrency))
        {
            await Task.WhenAll(due.Select(async index =>
            {
                await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    var created = _created[index]!;
                    var response = await transport
                        .SendAsync(requests.Patch(created.Id!, new DataSourcePatch(items[index].AfterCreate)), session, ResponseReaders.DataSourceObject, cancellationToken)
                        .ConfigureAwait(false);
                    _created[index] = response.Data ?? created;
                }
                catch (DataSourceApiException failed)
                {
                    _afterCreateErrors[index] = failed;
                }
                finally
                {
                    gate.Release();
                }
            })).ConfigureAwait(false);
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
            _failures[index] = new CreateFailure(index, items[index].ResourceName, failed);
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
                var name = refusal.ResourceName ?? items[index].ResourceName;
                _failures[index] = DuplicateRefusal.IsDuplicateMessage(refusal.Message)
                    ? CreateFailure.Duplicate(index, name, refusal.Message, refusal.StatusCode, null)
                    : new CreateFailure(index, name, refusal.Message, refusal.StatusCode);
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
    /// A 400 that does not say which item is at fault (and is not a duplicate): halve the batch until
    /// each bad item stands alone, so the good ones are created and each bad one gets the server's reason.
    /// </summary>
    private async Task<int[]> IsolateAsync(int[] pending, DataSourceApiException refused, CancellationToken cancellationToken)
    {
        if (pending.Length == 1)
        {
            var index = pending[0];
            _failures[index] = new CreateFailure(index, items[index].ResourceName, refused.Message, refused.StatusCode);
            return Array.Empty<int>();
        }

        await SendHalvesAsync(pending, cancellationToken).ConfigureAwait(false);
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
        Dictionary<string, DataSource> existing;
        try
        {
            existing = await FindByNamesAsync(pending, inAnyCase: false, cancellationToken).ConfigureAwait(false);
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
            if (existing.TryGetValue(items[index].ResourceName!, out var found))
            {
                _created[index] = found;
                existing.Remove(items[index].ResourceName!);
            }
            else
            {
                rest.Add(index);
            }
        }

        return rest.ToArray();
    }
}
