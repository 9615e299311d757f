using System;
using System.Management.Automation;
using DataSources.Client;

namespace DataSources.Commands;

/// <summary>One stable ErrorId and the category that goes with it; the only way this module makes an ErrorRecord.</summary>
internal sealed class ErrorId
{
    internal ErrorId(string name, ErrorCategory? category)
    {
        Name = name;
        Category = category;
    }

    /// <summary>The first part of FullyQualifiedErrorId, which scripts match on.</summary>
    public string Name { get; }

    /// <summary>The category; null when it is the category of the failure behind it (<see cref="ErrorIds.AfterCreateFieldsNotSet"/>).</summary>
    public ErrorCategory? Category { get; }

    public ErrorRecord Record(Exception exception, object? target) =>
        new ErrorRecord(exception, Name, Category ?? throw new InvalidOperationException($"{Name} takes the category of its cause."), target);

    /// <summary>For an id without a category of its own: the category of the failure behind it.</summary>
    public ErrorRecord Record(Exception exception, object? target, ErrorCategory causeCategory) =>
        new ErrorRecord(exception, Name, Category ?? causeCategory, target);

    public override string ToString() => Name;
}

/// <summary>
/// Every ErrorId the module writes, one per failure, with its category. about_DataSources lists
/// exactly these (tests/Module/ErrorCatalogue.Tests.ps1 holds the two together): a new failure
/// gets its id here and a line in src/DataSources.PowerShell/help/about_DataSources.md.
/// </summary>
internal static class ErrorIds
{
    // Failures of the API, one per ApiErrorKind (ForApiFailure).
    public static readonly ErrorId DataSourceNotFound = new ErrorId(nameof(DataSourceNotFound), ErrorCategory.ObjectNotFound);
    public static readonly ErrorId InvalidRequest = new ErrorId(nameof(InvalidRequest), ErrorCategory.InvalidArgument);
    public static readonly ErrorId AuthenticationFailed = new ErrorId(nameof(AuthenticationFailed), ErrorCategory.AuthenticationError);
    public static readonly ErrorId PermissionDenied = new ErrorId(nameof(PermissionDenied), ErrorCategory.PermissionDenied);
    public static readonly ErrorId Conflict = new ErrorId(nameof(Conflict), ErrorCategory.ResourceExists);
    public static readonly ErrorId Throttled = new ErrorId(nameof(Throttled), ErrorCategory.LimitsExceeded);
    public static readonly ErrorId ServerError = new ErrorId(nameof(ServerError), ErrorCategory.ResourceUnavailable);
    public static readonly ErrorId ConnectionFailed = new ErrorId(nameof(ConnectionFailed), ErrorCategory.ConnectionError);
    public static readonly ErrorId Timeout = new ErrorId(nameof(Timeout), ErrorCategory.OperationTimeout);
    public static readonly ErrorId InvalidResponse = new ErrorId(nameof(InvalidResponse), ErrorCategory.InvalidResult);

    // Creating.
    public static readonly ErrorId InvalidDataSourceField = new ErrorId(nameof(InvalidDataSourceField), ErrorCategory.InvalidArgument);
    public static readonly ErrorId DataSourceCreateRefused = new ErrorId(nameof(DataSourceCreateRefused), ErrorCategory.InvalidOperation);
    public static readonly ErrorId DataSourceExists = new ErrorId(nameof(DataSourceExists), ErrorCategory.ResourceExists);
    public static readonly ErrorId AfterCreateFieldsNotSet = new ErrorId(nameof(AfterCreateFieldsNotSet), null);

    // Reading and updating.
    public static readonly ErrorId InvalidId = new ErrorId(nameof(InvalidId), ErrorCategory.InvalidArgument);
    public static readonly ErrorId InvalidName = new ErrorId(nameof(InvalidName), ErrorCategory.InvalidArgument);
    public static readonly ErrorId NoFieldToSet = new ErrorId(nameof(NoFieldToSet), ErrorCategory.InvalidArgument);
    public static readonly ErrorId DataSourceFromOtherServer = new ErrorId(nameof(DataSourceFromOtherServer), ErrorCategory.InvalidOperation);
    public static readonly ErrorId CredentialConflict = new ErrorId(nameof(CredentialConflict), ErrorCategory.InvalidArgument);
    public static readonly ErrorId InvalidPipelineInput = new ErrorId(nameof(InvalidPipelineInput), ErrorCategory.InvalidArgument);
    public static readonly ErrorId InputObjectNotPiped = new ErrorId(nameof(InputObjectNotPiped), ErrorCategory.InvalidArgument);
    public static readonly ErrorId InvalidWildcardPattern = new ErrorId(nameof(InvalidWildcardPattern), ErrorCategory.InvalidArgument);
    public static readonly ErrorId NullFilter = new ErrorId(nameof(NullFilter), ErrorCategory.InvalidArgument);
    public static readonly ErrorId InvalidSkip = new ErrorId(nameof(InvalidSkip), ErrorCategory.InvalidArgument);

    // Connecting.
    public static readonly ErrorId NotConnected = new ErrorId(nameof(NotConnected), ErrorCategory.InvalidOperation);
    public static readonly ErrorId InvalidUri = new ErrorId(nameof(InvalidUri), ErrorCategory.InvalidArgument);
    public static readonly ErrorId InvalidCredential = new ErrorId(nameof(InvalidCredential), ErrorCategory.InvalidArgument);
    public static readonly ErrorId CredentialRequired = new ErrorId(nameof(CredentialRequired), ErrorCategory.InvalidArgument);
    public static readonly ErrorId ConnectionSettingsMissing = new ErrorId(nameof(ConnectionSettingsMissing), ErrorCategory.InvalidArgument);
    public static readonly ErrorId InvalidHeader = new ErrorId(nameof(InvalidHeader), ErrorCategory.InvalidArgument);
    public static readonly ErrorId UnencryptedAuthenticationRefused = new ErrorId(nameof(UnencryptedAuthenticationRefused), ErrorCategory.SecurityError);

    /// <summary>The one mapping from a kind of API failure to its id.</summary>
    public static ErrorId ForApiFailure(ApiErrorKind kind) => kind switch
    {
        ApiErrorKind.NotFound => DataSourceNotFound,
        ApiErrorKind.InvalidRequest => InvalidRequest,
        ApiErrorKind.Authentication => AuthenticationFailed,
        ApiErrorKind.PermissionDenied => PermissionDenied,
        ApiErrorKind.Conflict => Conflict,
        ApiErrorKind.Throttled => Throttled,
        ApiErrorKind.Server => ServerError,
        ApiErrorKind.Connection => ConnectionFailed,
        ApiErrorKind.Timeout => Timeout,
        ApiErrorKind.InvalidResponse => InvalidResponse,
        // Every kind is listed above: a new one needs its id here (the catalogue test tries every kind).
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "An ApiErrorKind without an ErrorId."),
    };
}
