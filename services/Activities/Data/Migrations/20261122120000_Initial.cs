using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SalesMesh.ServiceDefaults.Messaging;

namespace SalesMesh.Activities.Data.Migrations;

/// <summary>
/// Hand-written (EF design tools do not restore here): the versioned pipeline with the default
/// stages of AC-1 as version 1 (codes and playbook sizes match Domain/Pipeline/DefaultPipeline),
/// outbox and inbox.
/// </summary>
[DbContext(typeof(ActivitiesDbContext))]
[Migration("20261122120000_Initial")]
public sealed class Initial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE SCHEMA IF NOT EXISTS activities;
            CREATE TABLE activities.pipeline_stages (
                version               integer NOT NULL CHECK (version > 0),
                code                  text    NOT NULL,
                position              integer NOT NULL CHECK (position > 0),
                name_zh_cn            text    NOT NULL,
                name_en               text    NOT NULL,
                outcome               text    NOT NULL CHECK (outcome IN ('open', 'won', 'lost')),
                required_action_count integer NOT NULL CHECK (required_action_count >= 0),
                PRIMARY KEY (version, code),
                UNIQUE (version, position)
            );
            INSERT INTO activities.pipeline_stages (version, code, position, name_zh_cn, name_en, outcome, required_action_count) VALUES
                (1, 'needsDiagnosis',       1, '需求诊断', 'Needs diagnosis',       'open', 4),
                (1, 'solutionPresentation', 2, '方案呈现', 'Solution presentation', 'open', 4),
                (1, 'quoteNegotiation',     3, '报价谈判', 'Quote & negotiation',   'open', 3),
                (1, 'contractSigning',      4, '合同签署', 'Contract signing',      'open', 3),
                (1, 'delivery',             5, '交付',     'Delivery',              'open', 3),
                (1, 'won',                  6, '赢单',     'Won',                   'won',  0),
                (1, 'lost',                 7, '输单',     'Lost',                  'lost', 0);
            """);
        migrationBuilder.CreateMessagingTables(ActivitiesDbContext.Schema);
    }

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("DROP SCHEMA activities CASCADE;");
}
