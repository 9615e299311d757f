using System;
using System.Collections.Generic;
using System.Globalization;
using Newtonsoft.Json;

namespace DataSources.Client;

/// <summary>The routes of the contract for one API version, with their bodies and retry modes.</summary>
internal sealed class ApiRequestFactory
{
    // Keycloak's own token endpoint (realm pdc), outside the versioned API: what public clients log in with first.
    private const string KeycloakTokenRoute = "/keycloak/realms/pdc/protocol/openid-connect/token";

    private readonly string _api;
    private readonly string _dataSources;
    private readonly string _byIdRoute;
    private readonly string _byIdsRoute;
    private readonly string _filterRoute;

    public ApiRequestFactory(string apiVersion)
    {
        Version = apiVersion;
        _api = "/api/public/" + apiVersion;
        _dataSources = _api + "/data-sources";
        _byIdRoute = _dataSources + "/{id}";
        _byIdsRoute = _dataSources + "/by-ids";
        _filterRoute = _dataSources + "/filter";
    }

    public string Version { get; }

    public static ApiRequest KeycloakLogin(string userName, string password) =>
        new ApiRequest(
            "POST", KeycloakTokenRoute, KeycloakTokenRoute, RequestBody.LoginForm(userName, password), RetryMode.Idempotent, null, authenticated: false, enveloped: false);

    public ApiRequest Login(string userName, string password) =>
        new ApiRequest("POST", _api + "/auth", _api + "/auth", RequestBody.LoginForm(userName, password), RetryMode.Idempotent, Version, authenticated: false);

    public ApiRequest Create(IReadOnlyList<DataSourceCreateRequest> items, IReadOnlyList<int> indices) =>
        new ApiRequest(
            "POST",
            _dataSources,
            _dataSources,
            RequestBody.Json((writer, secrets) =>
            {
                writer.WriteStartArray();
                foreach (var index in indices)
                {
                    RequestBody.WriteFields(writer, items[index].Values, secrets);
                }

                writer.WriteEndArray();
            }),
            RetryMode.Create,
            Version);

    public ApiRequest Get(string id) =>
        new ApiRequest("GET", _dataSources + "/" + EscapeSegment(id), _byIdRoute, null, RetryMode.Idempotent, Version);

    public ApiRequest Patch(string id, DataSourcePatch patch) =>
        new ApiRequest(
            "PATCH",
            _dataSources + "/" + EscapeSegment(id),
            _byIdRoute,
            RequestBody.Json((writer, secrets) => RequestBody.WriteFields(writer, patch.Values, secrets)),
            RetryMode.Idempotent,
            Version);

    public ApiRequest ByIds(IReadOnlyList<string> ids, int start, int count) =>
        new ApiRequest(
            "POST",
            _byIdsRoute,
            _byIdsRoute,
            RequestBody.Json((writer, secrets) =>
            {
                writer.WriteStartObject();
                writer.WritePropertyName("ids");
                writer.WriteStartArray();
                for (var i = start; i < start + count; i++)
                {
                    writer.WriteValue(ids[i]);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }),
            RetryMode.Idempotent,
            Version);

    public ApiRequest Filter(FilterQuery query, long skip, int limit) =>
        new ApiRequest(
            "POST",
            _filterRoute + "?skip=" + skip.ToString(CultureInfo.InvariantCulture) + "&limit=" + limit.ToString(CultureInfo.InvariantCulture),
            _filterRoute,
            RequestBody.Json((writer, secrets) =>
            {
                writer.WriteStartObject();
                writer.WritePropertyName("filters");
                writer.WriteStartObject();
                WriteKey(writer, "ids", query.Ids);
                // The API needs at least one key: "everything" is every resource name.
                WriteKey(writer, "resourceNames", query.IsEmpty ? new[] { "*" } : query.ResourceNames);
                WriteKey(writer, "databaseTypes", query.DatabaseTypes);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }),
            RetryMode.Idempotent,
            Version);

    // One path segment: '/', '?', '#' and '%' are escaped. "." and ".." stay dot segments even
    // escaped (servers normalise them away), so they are refused rather than sent somewhere else.
    private static string EscapeSegment(string id) =>
        IsDotSegment(id)
            ? throw new DataSourceInputException($"'{id}' cannot be an id: it would address another path.")
            : Uri.EscapeDataString(id);

    /// <summary>Whether an id is only dots: "." and ".." stay dot segments even escaped.</summary>
    public static bool IsDotSegment(string id) => id.Trim('.').Length == 0;

    private static void WriteKey(JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        writer.WritePropertyName(name);
        writer.WriteStartArray();
        foreach (var value in values)
        {
            writer.WriteValue(value);
        }

        writer.WriteEndArray();
    }
}
