using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SalesMesh.ServiceDefaults.Timers;

namespace SalesMesh.LeadRouting.Data.Migrations;

/// <summary>
/// Hand-written: durable timers (SLA clocks, recycle sweep — LR-4, LR-7), circuit breakers and
/// follow-up revocations (LR-8), invalid-lead appeals with their evidence files (LR-8).
/// </summary>
[DbContext(typeof(LeadRoutingDbContext))]
[Migration("20261122150000_Operations")]
public sealed class Operations : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateDurableTimerTables(LeadRoutingDbContext.Schema);
        migrationBuilder.Sql("""
            CREATE TABLE lead_routing.customer_breakers (
                customer_id      uuid        PRIMARY KEY,
                lead_id          uuid        NULL,
                consecutive_reds integer     NOT NULL,
                tripped          boolean     NOT NULL,
                last_event_id    text        NULL,
                last_event_at    timestamptz NULL,
                updated_at       timestamptz NOT NULL
            );
            CREATE TABLE lead_routing.follow_up_revocations (
                id                    uuid        PRIMARY KEY,
                lead_id               uuid        NOT NULL,
                customer_id           uuid        NULL,
                rep_user_id           text        NOT NULL,
                reason_zh             text        NOT NULL,
                reason_en             text        NOT NULL,
                revoked_at            timestamptz NOT NULL,
                restored_at           timestamptz NULL,
                restored_by           text        NULL,
                restored_by_appeal_id uuid        NULL
            );
            -- One open revocation per rep and lead: a second trip while revoked adds nothing.
            CREATE UNIQUE INDEX ux_follow_up_revocations_open ON lead_routing.follow_up_revocations (lead_id, rep_user_id) WHERE restored_at IS NULL;
            CREATE INDEX ix_follow_up_revocations_rep ON lead_routing.follow_up_revocations (rep_user_id) WHERE restored_at IS NULL;
            CREATE TABLE lead_routing.lead_appeals (
                id              uuid        PRIMARY KEY,
                lead_id         uuid        NOT NULL,
                customer_id     uuid        NULL,
                rep_user_id     text        NOT NULL,
                reason          text        NOT NULL,
                status          text        NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
                filed_at        timestamptz NOT NULL,
                decided_by      text        NULL,
                decision_reason text        NULL,
                decided_at      timestamptz NULL
            );
            -- At most one pending appeal per lead.
            CREATE UNIQUE INDEX ux_lead_appeals_pending ON lead_routing.lead_appeals (lead_id) WHERE status = 'pending';
            CREATE TABLE lead_routing.lead_appeal_evidence (
                id          uuid    PRIMARY KEY,
                appeal_id   uuid    NOT NULL REFERENCES lead_routing.lead_appeals (id),
                position    integer NOT NULL,
                file_name   text    NOT NULL,
                file_type   text    NOT NULL,
                category    text    NOT NULL,
                size_bytes  bigint  NOT NULL,
                content     bytea   NOT NULL,
                UNIQUE (appeal_id, position)
            );
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""
        DROP TABLE lead_routing.lead_appeal_evidence;
        DROP TABLE lead_routing.lead_appeals;
        DROP TABLE lead_routing.follow_up_revocations;
        DROP TABLE lead_routing.customer_breakers;
        DROP TABLE lead_routing.durable_timers;
        """);
}
