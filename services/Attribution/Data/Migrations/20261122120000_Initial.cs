using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SalesMesh.ServiceDefaults.Messaging;

namespace SalesMesh.Attribution.Data.Migrations;

/// <summary>
/// Hand-written (EF design tools do not restore here): the versioned role model with the AT-1
/// example as version 1 (sourcing 30 %, diagnosis 0 %, solution 40 %, negotiation 20 %,
/// delivery 10 % = 10,000 basis points), outbox and inbox.
/// </summary>
[DbContext(typeof(AttributionDbContext))]
[Migration("20261122120000_Initial")]
public sealed class Initial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE SCHEMA IF NOT EXISTS attribution;
            CREATE TABLE attribution.role_model_versions (
                version        integer     NOT NULL PRIMARY KEY CHECK (version > 0),
                effective_from timestamptz NOT NULL
            );
            CREATE TABLE attribution.role_weights (
                version             integer NOT NULL REFERENCES attribution.role_model_versions (version),
                role                integer NOT NULL CHECK (role BETWEEN 1 AND 5),
                name_zh_cn          text    NOT NULL,
                name_en             text    NOT NULL,
                weight_basis_points integer NOT NULL CHECK (weight_basis_points BETWEEN 0 AND 10000),
                PRIMARY KEY (version, role)
            );
            INSERT INTO attribution.role_model_versions (version, effective_from) VALUES (1, '2026-01-01T00:00:00Z');
            INSERT INTO attribution.role_weights (version, role, name_zh_cn, name_en, weight_basis_points) VALUES
                (1, 1, '线索开拓', 'Lead sourcing',          3000),
                (1, 2, '需求诊断', 'Needs diagnosis',           0),
                (1, 3, '方案设计', 'Solution design',        4000),
                (1, 4, '商务谈判', 'Negotiation',            2000),
                (1, 5, '交付协同', 'Delivery collaboration', 1000);
            """);
        migrationBuilder.CreateMessagingTables(AttributionDbContext.Schema);
    }

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("DROP SCHEMA attribution CASCADE;");
}
