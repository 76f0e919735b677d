using System.Text;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SalesMesh.Activities.Domain.Pipeline;
using SalesMesh.Activities.Domain.Rules;
using SalesMesh.Activities.Pipeline;

namespace SalesMesh.Activities.Data.Migrations;

/// <summary>
/// The core model of AC-1 … AC-4, AC-8 … AC-10: reps (from the roster), customers, opportunities,
/// versioned playbooks and rule sets, visit records and automatic flags. Seeds playbook version 1
/// of every default stage (Domain/Pipeline/DefaultPipeline) and the default visit-record rule set
/// (the two AC-4 rules) from the domain code itself, so the seed can never drift from it.
/// </summary>
[DbContext(typeof(ActivitiesDbContext))]
[Migration("20261122140000_CoreModel")]
public sealed class CoreModel : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE TABLE activities.reps (
                user_id            text        PRIMARY KEY,
                display_name       text        NOT NULL,
                team_id            text        NULL,
                supervisor_user_id text        NULL,
                active             boolean     NOT NULL,
                roster_version     bigint      NOT NULL,
                changed_at         timestamptz NOT NULL
            );

            CREATE TABLE activities.customers (
                id            uuid        PRIMARY KEY,
                owner_user_id text        NOT NULL,
                team_id       text        NULL,
                lead_id       uuid        NULL,
                name          text        NOT NULL,
                contact_name  text        NULL,
                contact_phone text        NULL,
                contact_email text        NULL,
                product_tags  text[]      NOT NULL,
                created_at    timestamptz NOT NULL,
                created_by    text        NOT NULL,
                version       integer     NOT NULL CHECK (version > 0)
            );
            CREATE UNIQUE INDEX ux_customers_lead_id ON activities.customers (lead_id);
            CREATE INDEX ix_customers_owner ON activities.customers (owner_user_id);
            CREATE INDEX ix_customers_team ON activities.customers (team_id);

            CREATE TABLE activities.opportunities (
                id                uuid          PRIMARY KEY,
                customer_id       uuid          NOT NULL CONSTRAINT fk_opportunities_customer REFERENCES activities.customers (id),
                name              text          NOT NULL,
                stage             text          NOT NULL,
                amount            numeric(38,9) NOT NULL CHECK (amount >= 0),
                currency          text          NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
                status            text          NOT NULL CHECK (status IN ('open', 'won', 'lost')),
                completed_actions text[]        NOT NULL,
                field_values      jsonb         NOT NULL,
                lost_reason       text          NULL,
                created_at        timestamptz   NOT NULL,
                updated_at        timestamptz   NOT NULL,
                closed_at         timestamptz   NULL,
                version           integer       NOT NULL CHECK (version > 0)
            );
            CREATE INDEX ix_opportunities_customer ON activities.opportunities (customer_id);

            CREATE TABLE activities.playbooks (
                stage_code       text        NOT NULL,
                version          integer     NOT NULL CHECK (version > 0),
                required_actions jsonb       NOT NULL,
                required_fields  text[]      NOT NULL,
                updated_at       timestamptz NOT NULL,
                updated_by       text        NOT NULL,
                PRIMARY KEY (stage_code, version)
            );

            CREATE TABLE activities.rule_sets (
                rule_set_id  text        NOT NULL,
                version      integer     NOT NULL CHECK (version > 0),
                document     text        NOT NULL,
                sha256       text        NOT NULL,
                published_at timestamptz NOT NULL,
                published_by text        NOT NULL,
                PRIMARY KEY (rule_set_id, version)
            );

            CREATE TABLE activities.visit_records (
                id                           uuid             PRIMARY KEY,
                client_record_id             uuid             NOT NULL,
                customer_id                  uuid             NOT NULL CONSTRAINT fk_visit_records_customer REFERENCES activities.customers (id),
                opportunity_id               uuid             NULL CONSTRAINT fk_visit_records_opportunity REFERENCES activities.opportunities (id),
                rep_user_id                  text             NOT NULL,
                visited_at                   timestamptz      NOT NULL,
                recorded_at                  timestamptz      NOT NULL,
                updated_at                   timestamptz      NOT NULL,
                budget                       text             NOT NULL,
                objection_type               text             NULL,
                biggest_concern              text             NOT NULL,
                promised_deliverable         text             NULL,
                promised_deliverable_text    text             NULL,
                next_touchpoint_at           timestamptz      NOT NULL,
                next_touchpoint_participants text[]           NOT NULL,
                next_touchpoint_topic        text             NOT NULL,
                gps_latitude                 double precision NULL,
                gps_longitude                double precision NULL,
                call_recording_summary_ref   text             NULL,
                trial_account_provided       boolean          NULL,
                trial_start_date             date             NULL,
                trial_end_date               date             NULL,
                trial_client_login_frequency text             NULL,
                rule_set_id                  text             NOT NULL,
                rule_set_version             integer          NOT NULL,
                version                      integer          NOT NULL CHECK (version > 0),
                version_fingerprints         text[]           NOT NULL CHECK (cardinality(version_fingerprints) = version),
                exemplary                    boolean          NOT NULL,
                exemplary_marked_by          text             NULL,
                exemplary_marked_at          timestamptz      NULL,
                exemplary_note               text             NULL
            );
            CREATE UNIQUE INDEX ux_visit_records_client_record_id ON activities.visit_records (client_record_id);
            CREATE INDEX ix_visit_records_customer_recorded ON activities.visit_records (customer_id, recorded_at);
            CREATE INDEX ix_visit_records_opportunity_recorded ON activities.visit_records (opportunity_id, recorded_at);

            CREATE TABLE activities.automatic_flags (
                id                   uuid        PRIMARY KEY,
                subject_type         text        NOT NULL,
                subject_id           uuid        NOT NULL,
                kind                 text        NOT NULL,
                raised_value         text        NOT NULL,
                value                text        NOT NULL,
                state                text        NOT NULL CHECK (state IN ('active', 'changed', 'dismissed')),
                responsible_user_ids text[]      NOT NULL,
                raised_at            timestamptz NOT NULL,
                interventions        jsonb       NOT NULL,
                version              integer     NOT NULL CHECK (version > 0)
            );
            CREATE UNIQUE INDEX ux_automatic_flags_subject_kind ON activities.automatic_flags (subject_type, subject_id, kind);
            """);
        migrationBuilder.Sql(SeedSql());
    }

    private static string SeedSql()
    {
        var sql = new StringBuilder();
        foreach (var stage in DefaultPipeline.Create().OpenStages)
        {
            var fields = string.Join(", ", stage.RequiredFields.Select(f => Literal(f.Key)));
            sql.Append("INSERT INTO activities.playbooks (stage_code, version, required_actions, required_fields, updated_at, updated_by) VALUES (")
               .Append(Literal(stage.Key)).Append(", 1, ")
               .Append(Literal(PlaybookActionsJson.Write(stage.RequiredActions))).Append("::jsonb, ARRAY[")
               .Append(fields).Append("]::text[], now(), 'system');\n");
        }
        var document = RuleSetJson.Write(DefaultRuleSets.VisitRecordDefaults());
        var hash = SalesMesh.Activities.Rules.RuleSetStore.Hash(document);
        sql.Append("INSERT INTO activities.rule_sets (rule_set_id, version, document, sha256, published_at, published_by) VALUES (")
           .Append(Literal(DefaultRuleSets.VisitRecordRuleSetId)).Append(", 1, ")
           .Append(Literal(document)).Append(", ").Append(Literal(hash)).Append(", now(), 'system');\n");
        return sql.ToString();
    }

    /// <summary>A standard SQL string literal (standard_conforming_strings is on: only quotes need doubling).</summary>
    private static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""
        DROP TABLE activities.automatic_flags, activities.visit_records, activities.rule_sets,
                   activities.playbooks, activities.opportunities, activities.customers, activities.reps;
        """);
}
