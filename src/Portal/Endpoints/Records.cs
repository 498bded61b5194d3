namespace Portal.Endpoints;

/// <summary>
/// The records' endpoints: the JSON API and exports (<see cref="RecordsApi"/>), and the old <c>/records</c> pages'
/// addresses, which now live at <c>/vpcs</c> (list and detail are one page each; the teardown is a circuit action on
/// the detail page). Old links and bookmarks keep working: they redirect, the list's filters with them.
/// </summary>
public static class Records
{
    public static IEndpointRouteBuilder MapRecordEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapRecordsApi();
        // Signed-in only, as the pages are: an anonymous visit goes to sign-in first and comes back here.
        app.MapGet("/records", (HttpRequest request) => Results.Redirect("/vpcs" + request.QueryString, permanent: true))
            .RequireAuthorization();
        app.MapGet("/records/{requestId}", (string requestId) => Results.Redirect("/vpcs/" + Uri.EscapeDataString(requestId), permanent: true))
            .RequireAuthorization();
        return app;
    }
}
