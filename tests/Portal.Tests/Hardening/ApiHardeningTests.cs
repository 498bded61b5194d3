using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Portal.Tests.Auth;

namespace Portal.Tests.Hardening;

/// <summary>Findings of the probe against the running portal (issue 15): each test failed before its fix.</summary>
[Collection(HardeningPortal.Collection)]
public sealed class ApiHardeningTests(HardeningPortal portal)
{
    /// <summary>A 28 MB JSON array of orders: the size that grew the process by ~720 MB per request.</summary>
    private static readonly byte[] HugeBatch = BuildHugeBatch(28 * 1024 * 1024);

    private static byte[] BuildHugeBatch(int size)
    {
        var one = """{"orderID":"o-1","customer":"Ada","currency":"EUR","status":"pending","items":[{"sku":"A-1","quantity":1,"unitPrice":1.5}]},""";
        var builder = new StringBuilder(size + one.Length).Append('[');
        while (builder.Length < size)
            builder.Append(one);
        builder[^1] = ']';
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    private static HttpContent Json(byte[] bytes, bool chunked)
    {
        HttpContent content = chunked ? new StreamContent(new NonSeekable(bytes)) : new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private async Task<HttpClient> WriterAsync() => MachineTokens.Api(portal.Server, await portal.TokenAsync("orders-writer"));

    [Theory]
    [InlineData(false)] // Content-Length says it: refused before a byte is read
    [InlineData(true)] // chunked: refused once 1 MB has been read
    public async Task Several_oversized_bodies_at_once_get_413_problem_details_and_leave_memory_flat(bool chunked)
    {
        using var api = await WriterAsync();
        await api.GetAsync("/api/orders/none"); // warm up the path outside the measurement
        Assert.True(HugeBatch.Length > 28_000_000); // built before measuring

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => api.PostAsync("/api/orders/batch", Json(HugeBatch, chunked))));
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("larger than 1,048,576 bytes", await response.Content.ReadAsStringAsync());
        }

        // Four 28 MB bodies parsed would allocate well over 112 MB; refused at the limit they cost a few MB.
        Assert.True(allocated < 48L * 1024 * 1024, $"{allocated / (1024 * 1024)} MB allocated while refusing four oversized bodies");
    }

    [Fact]
    public async Task A_batch_over_the_count_limit_is_refused_before_its_orders_are_built()
    {
        using var api = await WriterAsync();
        var six = Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Repeat("{}", 6)) + "]");

        var response = await api.PostAsync("/api/orders/batch", Json(six, chunked: true));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("A batch holds 1 to 5 orders", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Invalid_utf8_inside_json_is_a_400_problem_not_a_500()
    {
        using var api = await WriterAsync();
        var body = Encoding.UTF8.GetBytes("""{"orderID":"bad-utf8","customer":"X""")
            .Concat(new byte[] { 0xFF, 0xFE })
            .Concat(Encoding.UTF8.GetBytes(""" ","currency":"EUR","status":"pending","items":[{"sku":"A","quantity":1,"unitPrice":1}]}"""))
            .ToArray();

        var response = await api.PostAsync("/api/orders", Json(body, chunked: false));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("not valid UTF-8", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Authenticated_answers_are_never_cached_and_anonymous_static_files_may_be()
    {
        using var api = MachineTokens.Api(portal.Server, await portal.TokenAsync("orders-reader"));
        var json = await api.GetAsync("/api/orders");
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.True(json.Headers.CacheControl?.NoStore, "JSON API answer without no-store");

        using var viewer = await HttpSignIn.AsAsync(portal.Server, DemoUser.Viewer);
        foreach (var path in new[] { "/", "/orders", "/api/vpcs/export.csv", "/api/vpcs" })
        {
            var response = await viewer.Client.GetAsync(path);
            Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode}");
            Assert.True(response.Headers.CacheControl?.NoStore, $"{path} answered without Cache-Control: no-store");
        }

        using var anonymous = portal.Server.CreateRawClient();
        var icon = await anonymous.GetAsync("/favicon.svg");
        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.False(icon.Headers.CacheControl?.NoStore ?? false);
    }

    [Fact]
    public async Task Anonymous_readiness_names_the_failing_dependency_but_no_error_text_or_resource()
    {
        using var anonymous = portal.Server.CreateRawClient();

        var response = await anonymous.GetAsync("/health/ready");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("Unhealthy", json.RootElement.GetProperty("checks").GetProperty("leaky").GetProperty("status").GetString());
        Assert.Equal("Healthy", json.RootElement.GetProperty("checks").GetProperty("s3").GetProperty("status").GetString());
        Assert.DoesNotContain("arn:aws", body);
        Assert.DoesNotContain("portal-secret-bucket", body);
        Assert.DoesNotContain("portal-data", body); // the bucket the S3 check reads
    }

    [Fact]
    public async Task Hsts_is_sent_for_https_at_the_load_balancer_and_not_for_plain_http()
    {
        using var client = portal.Server.CreateRawClient();

        using var viaTls = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        viaTls.Headers.Host = "portal.example.test";
        viaTls.Headers.Add("X-Forwarded-Proto", "https");
        var secure = await client.SendAsync(viaTls);
        Assert.Contains("max-age=", secure.Headers.GetValues("Strict-Transport-Security").Single());

        using var plain = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        plain.Headers.Host = "portal.example.test";
        Assert.False((await client.SendAsync(plain)).Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task A_machine_client_over_its_rate_gets_429_with_retry_after_and_other_clients_are_not_slowed()
    {
        using var reader = MachineTokens.Api(portal.Server, await portal.TokenAsync("vpc-reader"));
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= HardeningPortal.ApiRequestsPerClient; i++)
            statuses.Add((await reader.GetAsync("/api/vpcs")).StatusCode);
        var refused = await reader.GetAsync("/api/vpcs");

        Assert.All(statuses.Take(HardeningPortal.ApiRequestsPerClient), s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 without Retry-After");
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);

        using var other = MachineTokens.Api(portal.Server, await portal.TokenAsync("orders-reader"));
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/orders")).StatusCode);
    }

    [Fact]
    public async Task A_user_over_the_mutation_rate_gets_429_with_retry_after_and_can_still_read()
    {
        using var admin = await HttpSignIn.AsAsync(portal.Server, DemoUser.Admin);
        var token = await admin.AntiforgeryTokenAsync("/vpcs/new");
        using var raw = admin.RawClient();
        // A create with no fields: the form comes back with its errors, nothing is created, but it counts.
        Task<HttpResponseMessage> Post() => raw.PostAsync("/vpcs", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        for (var i = 0; i < HardeningPortal.MutationsPerUser; i++)
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await Post()).StatusCode);
        var refused = await Post();

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 without Retry-After");
        Assert.Equal(HttpStatusCode.OK, (await admin.Client.GetAsync("/vpcs")).StatusCode);
    }

    /// <summary>Makes HttpClient send the body chunked, with no Content-Length.</summary>
    private sealed class NonSeekable(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public override bool CanSeek => false;
    }
}
