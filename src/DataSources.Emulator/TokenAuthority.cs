using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace DataSources.Emulator;

/// <summary>Issues and verifies HS256 JWTs with a key drawn at random for each start.</summary>
internal sealed class TokenAuthority
{
    private static readonly string EncodedHeader = Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8);

    private readonly byte[] key = RandomNumberGenerator.GetBytes(32);

    public string Issue(EmulatorUser user, TimeSpan lifetime)
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var payload = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(payload))
        {
            writer.WriteStartObject();
            writer.WriteNumber("exp", now + (long)lifetime.TotalSeconds);
            writer.WriteNumber("iat", now);
            writer.WriteString("typ", "Bearer");
            writer.WriteString("azp", LoginEndpoints.ClientId);
            writer.WriteString("sub", user.Id);
            writer.WriteString("preferred_username", user.Name);
            writer.WriteString("email", user.Email);
            writer.WriteString("name", user.Name);
            writer.WriteStartObject("realm_access");
            writer.WriteStartArray("roles");
            writer.WriteStringValue(user.Role);
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        string signingInput = EncodedHeader + "." + Base64Url.EncodeToString(payload.WrittenSpan);
        return signingInput + "." + Base64Url.EncodeToString(Sign(signingInput));
    }

    /// <summary>The caller named by an <c>Authorization: Bearer</c> header; an unauthenticated error otherwise.</summary>
    public Caller Verify(string? authorization)
    {
        const string scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            throw Unauthorized("A bearer token is required.");

        string token = authorization[scheme.Length..].Trim();
        string[] parts = token.Split('.');
        if (parts.Length != 3) throw Unauthorized("The bearer token is malformed.");

        byte[] signature;
        try
        {
            signature = Base64Url.DecodeFromChars(parts[2]);
        }
        catch (FormatException)
        {
            throw Unauthorized("The bearer token is malformed.");
        }
        if (!CryptographicOperations.FixedTimeEquals(signature, Sign(token[..token.LastIndexOf('.')])))
            throw Unauthorized("The bearer token's signature is not valid.");

        // Signed by this key, so the content is ours; parsing can still fail only for a bug.
        using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
        JsonElement claims = payload.RootElement;
        if (DateTimeOffset.UtcNow.ToUnixTimeSeconds() >= claims.GetProperty("exp").GetInt64())
            throw Unauthorized("The bearer token has expired.");

        var roles = claims.GetProperty("realm_access").GetProperty("roles")
            .EnumerateArray().Select(r => r.GetString() ?? "").ToArray();
        return new Caller(claims.GetProperty("preferred_username").GetString() ?? "", claims.GetProperty("sub").GetString() ?? "", roles);
    }

    private byte[] Sign(string signingInput) => HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(signingInput));

    private static ApiException Unauthorized(string message) => ApiException.Unauthenticated(message);
}
