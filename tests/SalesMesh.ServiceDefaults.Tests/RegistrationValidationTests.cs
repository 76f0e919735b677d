using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesMesh.ServiceDefaults.Messaging;
using SalesMesh.ServiceDefaults.Tests.Support;
using SalesMesh.ServiceDefaults.Tests.TestService;

namespace SalesMesh.ServiceDefaults.Tests;

/// <summary>Misconfiguration fails at startup with a message that names what to fix.</summary>
public sealed class RegistrationValidationTests
{
    private const string AnyDatabase = "Host=127.0.0.1;Database=unused";

    [Theory]
    [InlineData("http://127.0.0.1:5672")]
    [InlineData("not a uri")]
    public void A_messaging_connection_string_that_is_not_an_amqp_uri_is_rejected(string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => TestServiceHost.Build(new() { Database = AnyDatabase, Messaging = value }));
        Assert.Contains("ConnectionStrings:messaging", error.Message);
        Assert.Contains("amqp://", error.Message);
    }

    [Theory]
    [InlineData("LeadReceived")]
    [InlineData("insights")]
    [InlineData("insights.Lead_Received")]
    [InlineData("insights..lead")]
    public void Queue_names_must_be_service_dot_kebab_case(string queue)
    {
        var options = new MessagingOptions();
        var error = Assert.Throws<ArgumentException>(() => options.AddConsumer<LeadCounter>(queue));
        Assert.Contains("kebab-case", error.Message);
    }

    [Theory]
    [InlineData(AnyDatabase, 64)]
    [InlineData(AnyDatabase + ";Max Auto Prepare=0", 0)]
    public void Statements_are_prepared_automatically_unless_the_connection_string_says_otherwise(string database, int expected)
    {
        var app = TestServiceHost.Build(new() { Database = database });
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
        var settings = new Npgsql.NpgsqlConnectionStringBuilder(db.Database.GetConnectionString());
        Assert.Equal(expected, settings.MaxAutoPrepare);
    }

    [Fact]
    public void Two_consumers_cannot_share_a_queue()
    {
        var options = new MessagingOptions().AddConsumer<LeadCounter>("insights.lead-received");
        Assert.Throws<ArgumentException>(() => options.AddConsumer<PoisonConsumer>("insights.lead-received"));
    }

    [Fact]
    public void Event_names_come_from_MessageUrn_never_from_the_class_name()
    {
        Assert.Equal("urn:message:salesmesh.sdtests.v1.lead-received", EventContracts.NameOf(typeof(TestLeadReceived)));
        Assert.Throws<ArgumentException>(() => EventContracts.NameOf(typeof(UnnamedEvent)));
    }
}
