using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SalesMesh.ServiceDefaults.Messaging;

namespace SalesMesh.Insights.Data.Migrations;

/// <summary>Hand-written (EF design tools do not restore here): lead intake counts, outbox and inbox.</summary>
[DbContext(typeof(InsightsDbContext))]
[Migration("20261122120000_Initial")]
public sealed class Initial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE SCHEMA IF NOT EXISTS insights;
            CREATE TABLE insights.lead_intake_daily (
                day_utc          date        NOT NULL,
                channel          integer     NOT NULL CHECK (channel > 0),
                lead_count       bigint      NOT NULL CHECK (lead_count >= 0),
                last_received_at timestamptz NOT NULL,
                PRIMARY KEY (day_utc, channel)
            );
            """);
        migrationBuilder.CreateMessagingTables(InsightsDbContext.Schema);
    }

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("DROP SCHEMA insights CASCADE;");
}
