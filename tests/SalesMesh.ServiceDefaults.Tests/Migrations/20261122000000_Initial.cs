using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SalesMesh.ServiceDefaults.Messaging;
using SalesMesh.ServiceDefaults.Tests.TestService;

namespace SalesMesh.ServiceDefaults.Tests.Migrations;

/// <summary>Hand-written first migration, the way services write theirs (see ServiceDefaults/README.md).</summary>
[DbContext(typeof(TestDbContext))]
[Migration("20261122000000_Initial")]
public sealed class Initial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE SCHEMA IF NOT EXISTS svc;
            CREATE TABLE svc.leads (id uuid PRIMARY KEY, channel text NOT NULL);
            CREATE TABLE svc.channel_counts (channel text PRIMARY KEY, count integer NOT NULL);
            CREATE TABLE svc.consumer_writes (id uuid PRIMARY KEY, note text NOT NULL);
            """);
        migrationBuilder.CreateMessagingTables(TestDbContext.Schema);
    }

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("DROP SCHEMA svc CASCADE;");
}
