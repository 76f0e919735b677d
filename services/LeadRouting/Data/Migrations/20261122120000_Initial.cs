using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SalesMesh.ServiceDefaults.Messaging;

namespace SalesMesh.LeadRouting.Data.Migrations;

/// <summary>Hand-written (EF design tools do not restore here): the lead pool, outbox and inbox.</summary>
[DbContext(typeof(LeadRoutingDbContext))]
[Migration("20261122120000_Initial")]
public sealed class Initial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE SCHEMA IF NOT EXISTS lead_routing;
            CREATE TABLE lead_routing.leads (
                id               uuid        NOT NULL PRIMARY KEY,
                idempotency_key  text        NOT NULL,
                channel          text        NOT NULL,
                received_at      timestamptz NOT NULL,
                captured_at      timestamptz NULL,
                name             text        NULL,
                phone            text        NULL,
                phone_normalized text        NULL,
                email            text        NULL,
                email_normalized text        NULL,
                company          text        NULL,
                company_key      text        NULL,
                city             text        NULL,
                product_tags     text[]      NOT NULL DEFAULT '{}',
                payload          jsonb       NULL,
                referred_by      uuid        NULL,
                duplicate_of     uuid        NULL REFERENCES lead_routing.leads (id)
            );
            CREATE UNIQUE INDEX ux_leads_idempotency_key ON lead_routing.leads (idempotency_key);
            CREATE INDEX ix_leads_phone_normalized ON lead_routing.leads (phone_normalized) WHERE phone_normalized IS NOT NULL;
            CREATE INDEX ix_leads_email_normalized ON lead_routing.leads (email_normalized) WHERE email_normalized IS NOT NULL;
            """);
        migrationBuilder.CreateMessagingTables(LeadRoutingDbContext.Schema);
    }

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("DROP SCHEMA lead_routing CASCADE;");
}
