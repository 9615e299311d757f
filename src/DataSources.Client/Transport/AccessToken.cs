using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Newtonsoft.Json;

namespace DataSources.Client;

/// <summary>A bearer token and what its JWT payload says: expiry, user, roles. Immutable, swapped whole on renewal.</summary>
internal sealed class AccessToken
{
    // Renew this long before exp, or a quarter of the lifetime for tokens shorter than two minutes.
    private static readonly TimeSpan RenewMargin = TimeSpan.FromSeconds(30);

    private readonly DateTimeOffset? _renewAt;

    private AccessToken(string value, DateTimeOffset? expiresAt, DateTimeOffset? issuedAt, string? userName, IReadOnlyList<string> roles)
    {
        Value = value;
        ExpiresAt = expiresAt;
        UserName = userName;
        Roles = roles;
        if (expiresAt.HasValue)
        {
            var lifetime = expiresAt.Value - (issuedAt ?? DateTimeOffset.UtcNow);
            var margin = TimeSpan.FromTicks(Math.Min(RenewMargin.Ticks, Math.Max(0, lifetime.Ticks / 4)));
            _renewAt = expiresAt.Value - margin;
        }
    }

    public string Value { get; }

    public DateTimeOffset? ExpiresAt { get; }

    public string? UserName { get; }

    public IReadOnlyList<string> Roles { get; }

    public bool ExpiresWithin(TimeSpan margin) => ExpiresAt.HasValue && ExpiresAt.Value - margin <= DateTimeOffset.UtcNow;

    /// <summary>Whether it is time to log in again: within 30 s of exp (less for very short-lived tokens).</summary>
    public bool NeedsRenewal => _renewAt.HasValue && _renewAt.Value <= DateTimeOffset.UtcNow;

    /// <summary>Reads the claims of a JWT; a token that is not a readable JWT is still a token, with nothing known about it.</summary>
    public static AccessToken Parse(string value)
    {
        var parts = value.Split('.');
        if (parts.Length == 3)
        {
            try
            {
                return FromPayload(value, DecodeBase64Url(parts[1]));
            }
            catch (FormatException)
            {
            }
            catch (JsonException)
            {
            }
        }

        return new AccessToken(value, null, null, null, Array.Empty<string>());
    }

    private static AccessToken FromPayload(string value, string payload)
    {
        DateTimeOffset? expiresAt = null;
        DateTimeOffset? issuedAt = null;
        string? userName = null;
        var roles = new List<string>();
        using (var reader = JsonWire.CreateReader(new StringReader(payload)))
        {
            if (!reader.Read() || reader.TokenType != JsonToken.StartObject)
            {
                throw new FormatException("The JWT payload is not an object.");
            }

            while (reader.Read() && reader.TokenType == JsonToken.PropertyName)
            {
                var name = (string)reader.Value!;
                reader.Read();
                switch (name)
                {
                    case "exp" when IsNumber(reader):
                        expiresAt = FromUnixSeconds(reader.Value);
                        break;
                    case "iat" when IsNumber(reader):
                        issuedAt = FromUnixSeconds(reader.Value);
                        break;
                    case "preferred_username" when reader.TokenType == JsonToken.String:
                        userName = (string)reader.Value!;
                        break;
                    case "realm_access":
                        if (PlainJson.ReadValue(reader) is Dictionary<string, object?> access
                            && access.TryGetValue("roles", out var list) && list is object?[] items)
                        {
                            foreach (var item in items)
                            {
                                if (item is string role)
                                {
                                    roles.Add(role);
                                }
                            }
                        }

                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
        }

        return new AccessToken(value, expiresAt, issuedAt, userName, roles.ToArray());
    }

    private static bool IsNumber(JsonReader reader) => reader.TokenType == JsonToken.Integer || reader.TokenType == JsonToken.Float;

    private static DateTimeOffset FromUnixSeconds(object? value) =>
        DateTimeOffset.FromUnixTimeSeconds(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));

    private static string DecodeBase64Url(string text)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
    }
}
