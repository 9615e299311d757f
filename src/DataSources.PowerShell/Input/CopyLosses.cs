using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace DataSources.Commands;

/// <summary>
/// What New-DataSource could not carry over from sources copied out of a catalog, tallied over the
/// sources it created, so that it is said once per command rather than once per source.
/// </summary>
internal sealed class CopyLosses
{
    private readonly SortedSet<string> _encryptedFields = new SortedSet<string>(System.StringComparer.Ordinal);
    private int _copied;
    private int _withEncrypted;
    private int _ownersWithoutDetails;
    private int _patchOnlyFieldsUnread;
    private readonly SortedSet<string> _additionalFields = new SortedSet<string>(System.StringComparer.Ordinal);
    private int _withAdditional;
    private readonly SortedDictionary<string, int> _createOnlySecretsLacking = new SortedDictionary<string, int>(System.StringComparer.Ordinal);
    private int _lackingCreateOnly;

    public void Add(CreateInput created)
    {
        if (created.FromCatalog)
        {
            _copied++;
        }

        if (created.OwnersWithoutDetails)
        {
            _ownersWithoutDetails++;
        }

        if (created.PatchOnlyFieldsUnread)
        {
            _patchOnlyFieldsUnread++;
        }

        if (created.AdditionalFieldsLeftOut.Count > 0)
        {
            _withAdditional++;
            _additionalFields.UnionWith(created.AdditionalFieldsLeftOut);
        }

        var lacking = created.CreateOnlySecretsLacking;
        if (lacking.Count > 0)
        {
            _lackingCreateOnly++;
            foreach (var secret in lacking)
            {
                _createOnlySecretsLacking.TryGetValue(secret.Key, out var count);
                _createOnlySecretsLacking[secret.Key] = count + 1;
            }
        }

        if (created.EncryptedLeftOut.Count > 0)
        {
            _withEncrypted++;
            _encryptedFields.UnionWith(created.EncryptedLeftOut);
        }
    }

    /// <summary>The one warning for the command, or null when nothing was lost.</summary>
    public string? Warning()
    {
        var parts = new List<string>(6);
        if (_copied > 0)
        {
            // Only what the rows and the parameters gave: a row may carry a secret the user added to it.
            parts.Add(string.Format(
                CultureInfo.InvariantCulture,
                "The server never returns secrets (passwords, keys), so the {0} data source(s) copied from a catalog were created with only the secrets their rows or the parameters gave: set the others with Set-DataSource -Credential, -Password, -SecretKey or -AzureSharedKey.",
                _copied));
        }

        if (_lackingCreateOnly > 0)
        {
            parts.Add(string.Format(
                CultureInfo.InvariantCulture,
                "{0} of them lack {1}, which only a create takes: no update can add them.",
                _lackingCreateOnly,
                string.Join(", ", _createOnlySecretsLacking.Select(secret => $"{secret.Key} ({secret.Value})"))));
        }

        if (_withEncrypted > 0)
        {
            parts.Add(string.Format(
                CultureInfo.InvariantCulture,
                "{0} of {1} data source(s) were read back encrypted (AES/GCM/NoPadding|...) and left out, as the encrypted text is not the value: set them with Set-DataSource -Credential (userName) or -AccessId.",
                string.Join(", ", _encryptedFields),
                _withEncrypted));
        }

        if (_ownersWithoutDetails > 0)
        {
            parts.Add(string.Format(
                CultureInfo.InvariantCulture,
                "The owners of {0} data source(s) came back from the server without their details (as {{}}) and were left out: empty owner records are no owners, and no update can set owners.",
                _ownersWithoutDetails));
        }

        if (_patchOnlyFieldsUnread > 0)
        {
            parts.Add(string.Format(
                CultureInfo.InvariantCulture,
                "{0} data source(s) copied from a catalog came without incremental and scanSinceTimeframe, which the vendor's server stores but does not return, and were created without them: where the originals had them, set them with Set-DataSource -Incremental or -ScanSinceTimeframe.",
                _patchOnlyFieldsUnread));
        }

        if (_withAdditional > 0)
        {
            parts.Add(string.Format(
                CultureInfo.InvariantCulture,
                "The AdditionalFields of {0} data source(s) ({1}) were not copied: they hold fields the contract does not know, and known fields whose value the server gave in another shape than the contract's, and a create takes neither as they are.",
                _withAdditional,
                string.Join(", ", _additionalFields)));
        }

        return parts.Count == 0 ? null : string.Join(" ", parts);
    }
}
