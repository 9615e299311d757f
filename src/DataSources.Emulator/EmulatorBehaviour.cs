using System.Globalization;
using System.Text.Json;

namespace DataSources.Emulator;

/// <summary>
/// Every switch between plausible real-server answers. The defaults are the harshest plausible
/// server; the command line and <c>POST /_emulator/behaviour</c> change them by the keys in <see cref="Keys"/>.
/// </summary>
internal sealed record EmulatorBehaviour
{
    public const long FastifyBodyLimit = 1_048_576;

    public static readonly string[] AllVersions = ["v1", "v2", "v3"];

    /// <summary>The control endpoint's JSON keys, in the order GET lists them.</summary>
    public static readonly string[] Keys =
    [
        "duplicates", "allowSpacesInNames", "clearTextReads", "returnPatchOnlyFields", "returnOwners", "unknownId",
        "malformedId", "bodyLimit", "unknownKeys", "errorShape", "authRoute", "keycloakRoute", "unauthenticated", "apiVersions",
        "requireHostName", "requiredHeaders", "latencyMs",
    ];

    private static readonly Choices<DuplicateHandling> DuplicateChoices = new(
        ("stored-before", DuplicateHandling.StoredBefore), ("none-stored", DuplicateHandling.NoneStored), ("per-item", DuplicateHandling.PerItem));

    private static readonly Choices<UnknownIdAnswer> UnknownIdChoices = new(
        ("404", UnknownIdAnswer.NotFound), ("400", UnknownIdAnswer.BadRequest), ("null", UnknownIdAnswer.Null), ("500", UnknownIdAnswer.ServerError));

    private static readonly Choices<MalformedIdHandling> MalformedIdChoices = new(
        ("cast-error", MalformedIdHandling.CastError), ("unknown", MalformedIdHandling.Unknown));

    private static readonly Choices<UnknownKeyHandling> UnknownKeyChoices = new(
        ("reject", UnknownKeyHandling.Reject), ("strip", UnknownKeyHandling.Strip));

    private static readonly Choices<ErrorShape> ErrorShapeChoices = new(("envelope", ErrorShape.Envelope), ("fastify", ErrorShape.Fastify));

    private static readonly Choices<AuthRouteMode> AuthRouteChoices = new(
        ("served", AuthRouteMode.Served), ("absent", AuthRouteMode.Absent), ("no-token", AuthRouteMode.NoToken));

    private static readonly Choices<KeycloakRouteMode> KeycloakRouteChoices = new(("served", KeycloakRouteMode.Served), ("absent", KeycloakRouteMode.Absent));

    private static readonly Choices<UnauthenticatedAnswer> UnauthenticatedChoices = new(
        ("401", UnauthenticatedAnswer.Unauthorized), ("redirect", UnauthenticatedAnswer.Redirect), ("login-page", UnauthenticatedAnswer.LoginPage));

    public DuplicateHandling Duplicates { get; private init; } = DuplicateHandling.StoredBefore;

    public bool AllowSpacesInNames { get; private init; }

    public bool ClearTextReads { get; private init; }

    public bool ReturnPatchOnlyFields { get; private init; }

    public bool ReturnOwners { get; private init; }

    public UnknownIdAnswer UnknownId { get; private init; } = UnknownIdAnswer.NotFound;

    public MalformedIdHandling MalformedId { get; private init; } = MalformedIdHandling.CastError;

    /// <summary>The largest request body in bytes on the API routes; 0 for no limit.</summary>
    public long BodyLimit { get; private init; } = FastifyBodyLimit;

    public UnknownKeyHandling UnknownKeys { get; private init; } = UnknownKeyHandling.Reject;

    public ErrorShape ErrorShape { get; private init; } = ErrorShape.Envelope;

    public AuthRouteMode AuthRoute { get; private init; } = AuthRouteMode.Served;

    public KeycloakRouteMode KeycloakRoute { get; private init; } = KeycloakRouteMode.Served;

    public UnauthenticatedAnswer Unauthenticated { get; private init; } = UnauthenticatedAnswer.Unauthorized;

    public IReadOnlyList<string> ApiVersions { get; private init; } = AllVersions;

    public bool RequireHostName { get; private init; }

    /// <summary>Header names (any case) and the exact values every request must carry, as Cloudflare Access wants.</summary>
    public IReadOnlyDictionary<string, string> RequiredHeaders { get; private init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    public int LatencyMs { get; private init; }

    public ReadView ReadView =>
        (ClearTextReads ? ReadView.ClearText : 0) | (ReturnPatchOnlyFields ? ReadView.PatchOnlyFields : 0) | (ReturnOwners ? ReadView.Owners : 0);

    public bool Serves(string version) => ApiVersions.Contains(version);

    /// <summary>This behaviour with one key set from its text, as the command line spells it; an <see cref="ArgumentException"/> names a bad value.</summary>
    public EmulatorBehaviour With(string key, string text) => key switch
    {
        "duplicates" => this with { Duplicates = DuplicateChoices.Parse(key, text) },
        "allowSpacesInNames" => this with { AllowSpacesInNames = ParseBool(key, text) },
        "clearTextReads" => this with { ClearTextReads = ParseBool(key, text) },
        "returnPatchOnlyFields" => this with { ReturnPatchOnlyFields = ParseBool(key, text) },
        "returnOwners" => this with { ReturnOwners = ParseBool(key, text) },
        "unknownId" => this with { UnknownId = UnknownIdChoices.Parse(key, text) },
        "malformedId" => this with { MalformedId = MalformedIdChoices.Parse(key, text) },
        "bodyLimit" => this with { BodyLimit = ParseCount(key, text, long.MaxValue) },
        "unknownKeys" => this with { UnknownKeys = UnknownKeyChoices.Parse(key, text) },
        "errorShape" => this with { ErrorShape = ErrorShapeChoices.Parse(key, text) },
        "authRoute" => this with { AuthRoute = AuthRouteChoices.Parse(key, text) },
        "keycloakRoute" => this with { KeycloakRoute = KeycloakRouteChoices.Parse(key, text) },
        "unauthenticated" => this with { Unauthenticated = UnauthenticatedChoices.Parse(key, text) },
        "apiVersions" => this with { ApiVersions = ParseVersions(key, text.Split(',', StringSplitOptions.TrimEntries)) },
        "requireHostName" => this with { RequireHostName = ParseBool(key, text) },
        "latencyMs" => this with { LatencyMs = (int)ParseCount(key, text, int.MaxValue) },
        "requiredHeaders" => throw new ArgumentException("requiredHeaders is set header by header (NAME=VALUE) or as a JSON object."),
        _ => throw new ArgumentException($"Unknown key '{key}'; the keys are {string.Join(", ", Keys)}."),
    };

    /// <summary>This behaviour with one more required header, from <c>NAME=VALUE</c>.</summary>
    public EmulatorBehaviour WithRequiredHeader(string nameAndValue)
    {
        int equals = nameAndValue.IndexOf('=');
        if (equals <= 0) throw new ArgumentException($"A required header is NAME=VALUE, not '{nameAndValue}'.");
        var headers = new Dictionary<string, string>(RequiredHeaders, StringComparer.OrdinalIgnoreCase);
        AddHeader(headers, nameAndValue[..equals], nameAndValue[(equals + 1)..]);
        return this with { RequiredHeaders = headers };
    }

    /// <summary>This behaviour with one key set from the control endpoint's JSON; an <see cref="ArgumentException"/> names a bad value.</summary>
    public EmulatorBehaviour With(string key, JsonElement value)
    {
        switch (key)
        {
            case "allowSpacesInNames" or "clearTextReads" or "returnPatchOnlyFields" or "returnOwners" or "requireHostName":
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) throw new ArgumentException($"{key} must be true or false.");
                return With(key, value.ValueKind == JsonValueKind.True ? "true" : "false");
            case "bodyLimit" or "latencyMs":
                if (value.ValueKind != JsonValueKind.Number) throw new ArgumentException($"{key} must be an integer of at least 0.");
                return With(key, value.GetRawText());
            case "unknownId" or "unauthenticated":
                // The status numbers may come as numbers, and unknownId's null as JSON null.
                return value.ValueKind switch
                {
                    JsonValueKind.String => With(key, value.GetString()!),
                    JsonValueKind.Number => With(key, value.GetRawText()),
                    JsonValueKind.Null when key == "unknownId" => With(key, "null"),
                    _ => With(key, value.GetRawText()),
                };
            case "apiVersions":
                if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
                    throw new ArgumentException("apiVersions must be an array of versions, e.g. [\"v2\", \"v3\"].");
                return this with { ApiVersions = ParseVersions(key, [.. value.EnumerateArray().Select(v => v.GetString()!)]) };
            case "requiredHeaders":
                if (value.ValueKind != JsonValueKind.Object || value.EnumerateObject().Any(p => p.Value.ValueKind != JsonValueKind.String))
                    throw new ArgumentException("requiredHeaders must be an object of header names and string values.");
                var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (JsonProperty header in value.EnumerateObject()) AddHeader(headers, header.Name, header.Value.GetString()!);
                return this with { RequiredHeaders = headers };
            default:
                if (!Keys.Contains(key)) throw new ArgumentException($"Unknown key '{key}'; the keys are {string.Join(", ", Keys)}.");
                if (value.ValueKind != JsonValueKind.String) throw new ArgumentException($"{key} must be a string.");
                return With(key, value.GetString()!);
        }
    }

    /// <summary>Every key and its value, as <c>GET /_emulator/behaviour</c> answers.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("duplicates", DuplicateChoices.Text(Duplicates));
        writer.WriteBoolean("allowSpacesInNames", AllowSpacesInNames);
        writer.WriteBoolean("clearTextReads", ClearTextReads);
        writer.WriteBoolean("returnPatchOnlyFields", ReturnPatchOnlyFields);
        writer.WriteBoolean("returnOwners", ReturnOwners);
        writer.WriteString("unknownId", UnknownIdChoices.Text(UnknownId));
        writer.WriteString("malformedId", MalformedIdChoices.Text(MalformedId));
        writer.WriteNumber("bodyLimit", BodyLimit);
        writer.WriteString("unknownKeys", UnknownKeyChoices.Text(UnknownKeys));
        writer.WriteString("errorShape", ErrorShapeChoices.Text(ErrorShape));
        writer.WriteString("authRoute", AuthRouteChoices.Text(AuthRoute));
        writer.WriteString("keycloakRoute", KeycloakRouteChoices.Text(KeycloakRoute));
        writer.WriteString("unauthenticated", UnauthenticatedChoices.Text(Unauthenticated));
        writer.WriteStartArray("apiVersions");
        foreach (string version in ApiVersions) writer.WriteStringValue(version);
        writer.WriteEndArray();
        writer.WriteBoolean("requireHostName", RequireHostName);
        writer.WriteStartObject("requiredHeaders");
        foreach (var (name, value) in RequiredHeaders) writer.WriteString(name, value);
        writer.WriteEndObject();
        writer.WriteNumber("latencyMs", LatencyMs);
        writer.WriteEndObject();
    }

    private static bool ParseBool(string key, string text) => text switch
    {
        "true" => true,
        "false" => false,
        _ => throw new ArgumentException($"{key} must be true or false, not '{text}'."),
    };

    private static long ParseCount(string key, string text, long max)
    {
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value) || value > max)
            throw new ArgumentException($"{key} must be an integer of at least 0, not '{text}'.");
        return value;
    }

    private static string[] ParseVersions(string key, string[] versions)
    {
        foreach (string version in versions)
        {
            if (!AllVersions.Contains(version))
                throw new ArgumentException($"{key}: '{version}' is not one of {string.Join(", ", AllVersions)}.");
        }
        if (versions.Length == 0) throw new ArgumentException($"{key} needs at least one of {string.Join(", ", AllVersions)}.");
        return [.. AllVersions.Where(versions.Contains)];
    }

    private static void AddHeader(Dictionary<string, string> headers, string name, string value)
    {
        if (name.Length == 0 || name.Any(c => c <= ' ' || c >= 127 || c == ':'))
            throw new ArgumentException($"'{name}' is not a header name.");
        if (value.Length == 0) throw new ArgumentException($"The required header {name} needs a value.");
        headers[name] = value;
    }
}
