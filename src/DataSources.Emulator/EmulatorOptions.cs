using System.Globalization;

namespace DataSources.Emulator;

/// <summary>The command line of the emulator, shared by Program and <see cref="EmulatorServer"/>.</summary>
internal sealed class EmulatorOptions
{
    public const string DefaultCommandLineUrls = "http://127.0.0.1:5080";

    public string[] Urls { get; private init; } = [];
    public IReadOnlyList<EmulatorUser> Users { get; private init; } = [];
    public TimeSpan TokenLifetime { get; private init; }
    public string? SeedFile { get; private init; }
    public int SeedCount { get; private init; }

    public static EmulatorOptions Parse(IReadOnlyList<string> args, string defaultUrls)
    {
        string urls = defaultUrls;
        var users = new List<EmulatorUser>();
        int tokenLifetimeSeconds = 300;
        string? seedFile = null;
        int seedCount = 0;

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
                default: throw new ArgumentException($"Unknown option '{name}'.");
            }
        }

        return new EmulatorOptions
        {
            Urls = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Users = users.Count > 0 ? users : [new EmulatorUser("admin", "admin", Roles.Admin)],
            TokenLifetime = TimeSpan.FromSeconds(tokenLifetimeSeconds),
            SeedFile = seedFile,
            SeedCount = seedCount,
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
