using Portal.Core.Records;

namespace Portal.Core.Tests.Records;

public sealed class RecordsOptionsTests
{
    [Theory]
    [InlineData("")]
    [InlineData("vpcs/read orders/read")]
    public void The_api_scope_is_one_scope(string scope) =>
        Assert.Equal([$"Portal:Records:ApiScope '{scope}' is not one OAuth scope; set a single scope such as vpcs/read."],
            new RecordsOptionsValidator().Validate(null, new RecordsOptions { ApiScope = scope }).Failures);
}
