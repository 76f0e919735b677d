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
