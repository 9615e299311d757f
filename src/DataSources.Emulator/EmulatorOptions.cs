using System.Globalization;

namespace DataSources.Emulator;

/// <summary>The command line of the emulator, shared by Program and <see cref="EmulatorServer"/>.</summary>
internal sealed class EmulatorOptions
{
    public const string DefaultCommandLineUrls = "http://127.0.0.1:5080";

    public const string Usage = """
        Usage: DataSources.Emulator [options]

          --urls URLS                     where to listen (default http://127.0.0.1:5080; ';' between several)
          --user NAME:PASSWORD[:ROLE]     a user who may log in (repeatable; ROLE Admin, Data_Steward or Business_User,
                                          default Admin); the first --user replaces the default admin:admin
          --token-lifetime SECONDS        how long a token lives (default 300)
          --seed FILE                     create the data sources of a JSON array of create bodies at start
          --seed-count N                  create N generated data sources at start
          --help                          show this text

        How the server answers (the default is the harshest plausible real server):
          --duplicates stored-before|none-stored|per-item
                                          an existing or repeated resourceName/fqdnId in a create: one 400 with the items
                                          before it stored (default), one 400 with nothing stored, or the older 207/400
                                          with a message per item
          --allow-spaces-in-names         accept resourceName with spaces (default: 400)
          --clear-text-reads              return userName and accessId in clear (default: AES/GCM/NoPadding|...)
          --return-patch-only-fields      return incremental and scanSinceTimeframe (default: stored, never returned)
          --return-owners                 return owners as stored (default: each owner as {})
          --unknown-id 404|400|null|500   GET or PATCH of an unknown id (default 404; null: 200 with data null)
          --malformed-id cast-error|unknown
                                          an id that is not an ObjectId: 500 "Cast to ObjectId failed" (default) or
                                          treated as an unknown id
          --body-limit BYTES              413 for a larger request body (default 1048576; 0: no limit)
          --unknown-keys reject|strip     a key outside the schema: 400 naming it (default) or silently removed
          --error-shape envelope|fastify  framework errors as {status, message} (default) or in Fastify's shape
          --auth-route served|absent|no-token
                                          /api/public/{v}/auth: served (default), 404, or 200 without a token
          --keycloak-route served|absent  Keycloak's token endpoint: served (default) or 404
          --unauthenticated 401|redirect|login-page
                                          a missing or expired token: 401 (default), 302 to a Keycloak login page, or
                                          that page with 200
          --api-versions LIST             the versions served, e.g. v2 or v1,v2 (default v1,v2,v3)
          --require-host-name             401 on every path when the Host is an IP address
          --require-header NAME=VALUE     403 "error code: 1010" without this header (repeatable; Cloudflare Access)
          --latency-ms N                  answer every API request N ms after it arrives, acting on it half-way (default 0)

        Every switch can also be changed while running: GET, POST or DELETE /_emulator/behaviour.
        """;

    // The behaviour options and their control-endpoint keys; a flag takes no value (or =true/=false).
    private static readonly (string Option, string Key, bool IsFlag)[] BehaviourOptions =
    [
        ("--duplicates", "duplicates", false),
        ("--allow-spaces-in-names", "allowSpacesInNames", true),
        ("--clear-text-reads", "clearTextReads", true),
        ("--return-patch-only-fields", "returnPatchOnlyFields", true),
        ("--return-owners", "returnOwners", true),
        ("--unknown-id", "unknownId", false),
        ("--malformed-id", "malformedId", false),
        ("--body-limit", "bodyLimit", false),
        ("--unknown-keys", "unknownKeys", false),
        ("--error-shape", "errorShape", false),
        ("--auth-route", "authRoute", false),
        ("--keycloak-route", "keycloakRoute", false),
        ("--unauthenticated", "unauthenticated", false),
        ("--api-versions", "apiVersions", false),
        ("--require-host-name", "requireHostName", true),
        ("--require-header", "requiredHeaders", false),
        ("--latency-ms", "latencyMs", false),
    ];

    public string[] Urls { get; private init; } = [];
    public IReadOnlyList<EmulatorUser> Users { get; private init; } = [];
    public TimeSpan TokenLifetime { get; private init; }
    public string? SeedFile { get; private init; }
    public int SeedCount { get; private init; }
    public EmulatorBehaviour Behaviour { get; private init; } = new();
    public bool ShowHelp { get; private init; }

    public static EmulatorOptions Parse(IReadOnlyList<string> args, string defaultUrls)
    {
        string urls = defaultUrls;
        var users = new List<EmulatorUser>();
        int tokenLifetimeSeconds = 300;
        string? seedFile = null;
        int seedCount = 0;
        var behaviour = new EmulatorBehaviour();
        bool showHelp = false;

        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            string? value = null;
            int equals = name.IndexOf('=');
            if (name.StartsWith("--", StringComparison.Ordinal) && equals > 0)
            {
                value = name[(equals + 1)..];
                name = name[..equals];
            }
            string Value() => value ?? (i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value."));

            switch (name)
            {
                case "--urls": urls = Value(); break;
                case "--user": users.Add(ParseUser(Value())); break;
                case "--token-lifetime": tokenLifetimeSeconds = ParseInt(name, Value(), min: 1); break;
                case "--seed": seedFile = Value(); break;
                case "--seed-count": seedCount = ParseInt(name, Value(), min: 0); break;
                case "--help" or "-h" or "-?": showHelp = true; break;
                default:
                    int option = Array.FindIndex(BehaviourOptions, o => o.Option == name);
                    if (option < 0) throw new ArgumentException($"Unknown option '{name}'.");
                    var (_, key, isFlag) = BehaviourOptions[option];
                    try
                    {
                        behaviour = key == "requiredHeaders"
                            ? behaviour.WithRequiredHeader(Value())
                            : behaviour.With(key, isFlag ? value ?? "true" : Value());
                    }
                    catch (ArgumentException error)
                    {
                        throw new ArgumentException($"{name}: {error.Message}");
                    }
                    break;
            }
        }

        return new EmulatorOptions
        {
            Urls = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Users = users.Count > 0 ? users : [new EmulatorUser("admin", "admin", Roles.Admin)],
            TokenLifetime = TimeSpan.FromSeconds(tokenLifetimeSeconds),
            SeedFile = seedFile,
            SeedCount = seedCount,
            Behaviour = behaviour,
            ShowHelp = showHelp,
        };
    }

    // NAME:PASSWORD[:ROLE]. The name ends at the first colon and the role starts after the last,
    // so a password may contain colons when a role is given.
    private static EmulatorUser ParseUser(string text)
    {
        int first = text.IndexOf(':');
        if (first <= 0) throw new ArgumentException($"--user '{text}' is not NAME:PASSWORD[:ROLE].");
        string name = text[..first];
        string rest = text[(first + 1)..];
        int last = rest.LastIndexOf(':');
        return last < 0
            ? new EmulatorUser(name, rest, Roles.Admin)
            : new EmulatorUser(name, rest[..last], rest[(last + 1)..]);
    }

    private static int ParseInt(string name, string text, int min)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < min)
            throw new ArgumentException($"{name} needs an integer of at least {min}, not '{text}'.");
        return value;
    }
}
