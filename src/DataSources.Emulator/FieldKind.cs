namespace DataSources.Emulator;

/// <summary>The JSON shape a data-source field must have.</summary>
internal enum FieldKind
{
    String,
    StringArray,
    ObjectArray,
    Boolean,
    Number,
    OAuthType,
    SslType,
    CostPerTb,
    Location,
}
