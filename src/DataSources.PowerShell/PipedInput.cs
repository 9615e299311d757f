using System.Management.Automation;

namespace DataSources.Commands
{
    /// <summary>
    /// What Get-DataSource and Set-DataSource recognise in their pipeline input before it is read
    /// as a row: the total count that -IncludeTotalCount writes, and data sources (whose own
    /// properties are never fields to send).
    /// </summary>
    internal static class PipedInput
    {
        // How Export-Clixml/Import-Clixml and remoting name a DataSource they carried.
        private const string DeserializedDataSource = "Deserialized.DataSources.DataSource";

        /// <summary>
        /// Whether the input is the total-count object of -IncludeTotalCount (PagingParameters.NewTotalCount:
        /// a UInt64 with an Accuracy note property). It is no data source, and its number no id.
        /// </summary>
        public static bool IsTotalCount(PSObject input) =>
            input.BaseObject is ulong && input.Properties["Accuracy"] is PSNoteProperty;

        /// <summary>
        /// The id and name of a data source object (also one read back by Import-Clixml), or a string
        /// taken as an id; false for any other input, which is a row.
        /// </summary>
        public static bool TryGetIdentity(PSObject input, out string? id, out string? name)
        {
            switch (input.BaseObject)
            {
                case string text:
                    id = text;
                    name = null;
                    return true;
                case DataSource source:
                    id = source.Id;
                    name = source.ResourceName;
                    return true;
            }

            if (input.TypeNames.Contains(DeserializedDataSource))
            {
                id = input.Properties["Id"]?.Value as string;
                name = input.Properties["ResourceName"]?.Value as string;
                return true;
            }

            id = null;
            name = null;
            return false;
        }
    }
}
