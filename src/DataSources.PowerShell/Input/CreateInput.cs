using System;
using System.Collections.Generic;
using System.Linq;
using DataSources.Client;

namespace DataSources.Commands;

/// <summary>One input of New-DataSource made into a request, with what a copy of it could not carry.</summary>
internal sealed class CreateInput
{
    public CreateInput(DataSourceCreateRequest request, bool fromCatalog, IReadOnlyList<string> encryptedLeftOut, IReadOnlyList<string> additionalFieldsLeftOut)
    {
        Request = request;
        FromCatalog = fromCatalog;
        EncryptedLeftOut = encryptedLeftOut;
        AdditionalFieldsLeftOut = additionalFieldsLeftOut;

        // Owners read back as {} are no owners: written to the copy they would be empty owner
        // records, which no update can mend (owners is no PATCH key). Left out, and said.
        OwnersWithoutDetails = fromCatalog
            && request.Values.Get("owners") is IReadOnlyList<IReadOnlyDictionary<string, object?>> owners
            && owners.Count > 0 && owners.All(owner => owner.Count == 0);
        if (OwnersWithoutDetails)
        {
            request.Remove("owners");
        }
    }

    public DataSourceCreateRequest Request { get; }

    /// <summary>Whether the input came out of a catalog (a DataSource object, or a row with its id): its secrets were never returned.</summary>
    public bool FromCatalog { get; }

    /// <summary>The fields left out because the catalog returned them encrypted.</summary>
    public IReadOnlyList<string> EncryptedLeftOut { get; }

    /// <summary>The names in its AdditionalFields: fields the contract does not know, which a create cannot carry.</summary>
    public IReadOnlyList<string> AdditionalFieldsLeftOut { get; }

    /// <summary>
    /// Whether it came out of a catalog without incremental and scanSinceTimeframe, which the
    /// vendor's server stores but never returns: the copy is made without them, whatever the original had.
    /// </summary>
    public bool PatchOnlyFieldsUnread => FromCatalog && Request.AfterCreateFieldNames.Count == 0;

    /// <summary>
    /// Whether its owners came without their details, and were left out: a server whose schema
    /// declares no owner properties returns each owner as <c>{}</c>.
    /// </summary>
    public bool OwnersWithoutDetails { get; }

    /// <summary>
    /// For a copy out of a catalog, each secret only a create takes that it lacks while it carries
    /// the setting the secret goes with (Key the secret, Value the setting): a trust store's
    /// location without its password, say. The server never returns such secrets and no update can
    /// add them, so the copy is made without them for good.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> CreateOnlySecretsLacking =>
        !FromCatalog
            ? Array.Empty<KeyValuePair<string, string>>()
            : CreateOnlySecretSettings
                .Where(secret => Request.Values.Get(secret.Key) == null && Request.Values.Get(secret.Value) != null)
                .ToArray();

    // [inferred] Each secret a PATCH cannot set, and the setting of the contract's that a source
    // using it has too. encryptedPassword, the other such secret, goes with no setting of its own.
    private static readonly KeyValuePair<string, string>[] CreateOnlySecretSettings =
    {
        new KeyValuePair<string, string>("trustStorePassword", "trustStoreLocation"),
        new KeyValuePair<string, string>("keyStorePassword", "keyStoreLocation"),
        new KeyValuePair<string, string>("oauthClientSecret", "oauthClientId"),
        new KeyValuePair<string, string>("secretAccessKey", "accessKeyID"),
    };
}
