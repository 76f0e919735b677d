using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SalesMesh.LeadRouting.Data.Migrations;

/// <summary>
/// Hand-written: lead state and ownership, sources and merges (LR-2), assignments with their
/// explanation (LR-3), roster (LR-10), policy versions, contacts, settled SLA records, and the
/// tamper-evident history (LR-6) whose rows the database itself refuses to change, its drafts
/// waiting to be chained, and each rep's open-lead count kept by a trigger.
/// </summary>
[DbContext(typeof(LeadRoutingDbContext))]
[Migration("20261122140000_LeadCore")]
public sealed class LeadCore : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            ALTER TABLE lead_routing.leads
                ADD COLUMN territory              text        NULL,
                ADD COLUMN product_line           text        NULL,
                ADD COLUMN status                 text        NOT NULL DEFAULT 'unassigned',
                ADD COLUMN status_changed_at      timestamptz NOT NULL DEFAULT now(),
                ADD COLUMN owner_user_id          text        NULL,
                ADD COLUMN owner_team_id          text        NULL,
                ADD COLUMN previous_owner_user_id text        NULL,
                ADD COLUMN current_assignment_id  uuid        NULL,
                ADD COLUMN first_assigned_at      timestamptz NULL,
                ADD COLUMN assigned_at            timestamptz NULL,
                ADD COLUMN viewed_at              timestamptz NULL,
                ADD COLUMN first_contacted_at     timestamptz NULL,
                ADD COLUMN converted_at           timestamptz NULL,
                ADD COLUMN pooled_at              timestamptz NULL,
                ADD COLUMN pool_reason_zh         text        NULL,
                ADD COLUMN pool_reason_en         text        NULL,
                ADD COLUMN source_count           integer     NOT NULL DEFAULT 1,
                ADD COLUMN history_sequence       bigint      NOT NULL DEFAULT 0,
                ADD CONSTRAINT ck_leads_status CHECK (status IN
                    ('unassigned','assigned','viewed','contacted','converted','abandoned','public-pool','cleaning-pool'));
            CREATE INDEX ix_leads_owner_status ON lead_routing.leads (owner_user_id, status);
            CREATE INDEX ix_leads_status_received ON lead_routing.leads (status, received_at DESC, id);
            CREATE INDEX ix_leads_received ON lead_routing.leads (received_at DESC, id);
            CREATE INDEX ix_leads_company_key ON lead_routing.leads (company_key) WHERE company_key IS NOT NULL;

            CREATE TABLE lead_routing.lead_sources (
                id               uuid        NOT NULL PRIMARY KEY,
                lead_id          uuid        NOT NULL REFERENCES lead_routing.leads (id),
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
                territory        text        NULL,
                product_tags     text[]      NOT NULL DEFAULT '{}',
                payload          jsonb       NULL,
                referred_by      uuid        NULL,
                submitted_by     text        NULL,
                is_origin        boolean     NOT NULL,
                merge_id         uuid        NULL
            );
            CREATE UNIQUE INDEX ux_lead_sources_idempotency_key ON lead_routing.lead_sources (idempotency_key);
            CREATE INDEX ix_lead_sources_lead ON lead_routing.lead_sources (lead_id, received_at);
            CREATE INDEX ix_lead_sources_phone ON lead_routing.lead_sources (phone_normalized) WHERE phone_normalized IS NOT NULL;
            CREATE INDEX ix_lead_sources_email ON lead_routing.lead_sources (email_normalized) WHERE email_normalized IS NOT NULL;
            CREATE INDEX ix_lead_sources_company ON lead_routing.lead_sources (company_key) WHERE company_key IS NOT NULL;

            -- Leads taken in before this migration: their intake becomes the origin source.
            INSERT INTO lead_routing.lead_sources (id, lead_id, idempotency_key, channel, received_at, captured_at, name, phone,
                phone_normalized, email, email_normalized, company, company_key, city, product_tags, payload, referred_by, is_origin)
            SELECT id, id, idempotency_key, channel, received_at, captured_at, name, phone, phone_normalized, email,
                   email_normalized, company, company_key, city, product_tags, payload, referred_by, true
            FROM lead_routing.leads;

            CREATE TABLE lead_routing.lead_merges (
                id            uuid        NOT NULL PRIMARY KEY,
                lead_id       uuid        NOT NULL REFERENCES lead_routing.leads (id),
                source_id     uuid        NOT NULL REFERENCES lead_routing.lead_sources (id),
                matched_on    text[]      NOT NULL,
                strength      text        NOT NULL,
                merged_at     timestamptz NOT NULL,
                undone_at     timestamptz NULL,
                undone_by     text        NULL,
                undo_reason   text        NULL,
                split_lead_id uuid        NULL REFERENCES lead_routing.leads (id)
            );
            CREATE INDEX ix_lead_merges_lead ON lead_routing.lead_merges (lead_id);

            CREATE TABLE lead_routing.lead_assignments (
                id             uuid        NOT NULL PRIMARY KEY,
                lead_id        uuid        NOT NULL REFERENCES lead_routing.leads (id),
                outcome        text        NOT NULL CHECK (outcome IN ('assigned', 'public-pool')),
                rep_user_id    text        NULL,
                reason         text        NOT NULL,
                policy_id      text        NOT NULL,
                policy_version integer     NOT NULL,
                decided_at     timestamptz NOT NULL,
                decided_by     text        NOT NULL,
                summary_zh     text        NOT NULL,
                summary_en     text        NOT NULL,
                -- Every candidate's scores and reasons (tens of KB with a full roster): lz4 compresses
                -- it several times faster than the default pglz, on every intake.
                explanation    jsonb       COMPRESSION lz4 NOT NULL,
                ended_at       timestamptz NULL
            );
            CREATE INDEX ix_lead_assignments_lead ON lead_routing.lead_assignments (lead_id, decided_at);
            CREATE INDEX ix_lead_assignments_rep ON lead_routing.lead_assignments (rep_user_id, decided_at);

            CREATE TABLE lead_routing.reps (
                user_id            text        NOT NULL PRIMARY KEY,
                display_name       text        NOT NULL,
                team_id            text        NULL,
                supervisor_user_id text        NULL,
                territories        text[]      NOT NULL DEFAULT '{}',
                qualifications     text[]      NOT NULL DEFAULT '{}',
                capacity           integer     NOT NULL CHECK (capacity >= 0),
                shift              jsonb       NULL,
                backup_user_id     text        NULL,
                active             boolean     NOT NULL,
                version            bigint      NOT NULL,
                last_assigned_at   timestamptz NULL,
                updated_at         timestamptz NOT NULL,
                open_lead_count    integer     NOT NULL DEFAULT 0
            );

            -- A rep's open leads (assigned / viewed / contacted), kept by the database itself so routing
            -- reads one number per rep instead of counting every open lead on every intake, and no code
            -- path can forget to update it. A new rep row starts from the leads it already owns.
            CREATE FUNCTION lead_routing.count_open_leads() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                was_open boolean := TG_OP IN ('UPDATE', 'DELETE') AND OLD.owner_user_id IS NOT NULL
                                    AND OLD.status IN ('assigned', 'viewed', 'contacted');
                is_open  boolean := TG_OP IN ('UPDATE', 'INSERT') AND NEW.owner_user_id IS NOT NULL
                                    AND NEW.status IN ('assigned', 'viewed', 'contacted');
                same_owner boolean := TG_OP = 'UPDATE' AND OLD.owner_user_id IS NOT DISTINCT FROM NEW.owner_user_id;
            BEGIN
                IF was_open AND NOT (is_open AND same_owner) THEN
                    UPDATE lead_routing.reps SET open_lead_count = open_lead_count - 1 WHERE user_id = OLD.owner_user_id;
                END IF;
                IF is_open AND NOT (was_open AND same_owner) THEN
                    UPDATE lead_routing.reps SET open_lead_count = open_lead_count + 1 WHERE user_id = NEW.owner_user_id;
                END IF;
                RETURN NULL;
            END;
            $$;
            CREATE TRIGGER leads_count_open
                AFTER INSERT OR DELETE OR UPDATE OF status, owner_user_id ON lead_routing.leads
                FOR EACH ROW EXECUTE FUNCTION lead_routing.count_open_leads();

            CREATE FUNCTION lead_routing.start_open_lead_count() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                NEW.open_lead_count := (SELECT count(*) FROM lead_routing.leads
                                        WHERE owner_user_id = NEW.user_id AND status IN ('assigned', 'viewed', 'contacted'));
                RETURN NEW;
            END;
            $$;
            CREATE TRIGGER reps_start_open_lead_count
                BEFORE INSERT ON lead_routing.reps
                FOR EACH ROW EXECUTE FUNCTION lead_routing.start_open_lead_count();

            CREATE TABLE lead_routing.routing_policies (
                policy_id  text        NOT NULL,
                version    integer     NOT NULL CHECK (version >= 1),
                document   jsonb       NOT NULL,
                created_at timestamptz NOT NULL,
                created_by text        NOT NULL,
                comment    text        NULL,
                PRIMARY KEY (policy_id, version)
            );

            CREATE TABLE lead_routing.lead_contacts (
                id               uuid        NOT NULL PRIMARY KEY,
                lead_id          uuid        NOT NULL REFERENCES lead_routing.leads (id),
                rep_user_id      text        NOT NULL,
                kind             text        NOT NULL,
                contacted_at     timestamptz NOT NULL,
                duration_seconds integer     NULL,
                note             text        NULL,
                recorded_at      timestamptz NOT NULL
            );
            CREATE INDEX ix_lead_contacts_rep ON lead_routing.lead_contacts (rep_user_id, contacted_at);
            CREATE INDEX ix_lead_contacts_lead ON lead_routing.lead_contacts (lead_id);

            CREATE TABLE lead_routing.rep_sla_records (
                id          uuid        NOT NULL PRIMARY KEY,
                rep_user_id text        NOT NULL,
                lead_id     uuid        NOT NULL,
                clock       text        NOT NULL,
                due_at      timestamptz NOT NULL,
                met         boolean     NOT NULL
            );
            CREATE INDEX ix_rep_sla_records_rep ON lead_routing.rep_sla_records (rep_user_id, due_at);

            -- LR-6: the history. Rows are inserted once and never changed: the trigger below refuses
            -- UPDATE, DELETE and TRUNCATE for every role (the owner included), so only someone who can
            -- disable triggers (a superuser) can alter a row, and the hash chain then names it.
            CREATE TABLE lead_routing.lead_history (
                sequence           bigint      NOT NULL PRIMARY KEY CHECK (sequence >= 1),
                entry_id           uuid        NOT NULL UNIQUE,
                lead_id            uuid        NOT NULL,
                lead_sequence      bigint      NOT NULL CHECK (lead_sequence >= 1),
                occurred_at        timestamptz NOT NULL,
                kind               text        NOT NULL,
                actor_id           text        NOT NULL,
                data               jsonb       NOT NULL,
                previous_hash      text        NOT NULL,
                lead_previous_hash text        NOT NULL,
                hash               text        NOT NULL,
                UNIQUE (lead_id, lead_sequence)
            );

            CREATE FUNCTION lead_routing.refuse_history_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'lead_routing.lead_history is append-only: % refused', TG_OP
                    USING ERRCODE = 'insufficient_privilege';
            END;
            $$;
            CREATE TRIGGER lead_history_append_only
                BEFORE UPDATE OR DELETE ON lead_routing.lead_history
                FOR EACH ROW EXECUTE FUNCTION lead_routing.refuse_history_change();
            CREATE TRIGGER lead_history_no_truncate
                BEFORE TRUNCATE ON lead_routing.lead_history
                FOR EACH STATEMENT EXECUTE FUNCTION lead_routing.refuse_history_change();

            -- Entries not yet linked into the chains: a state change writes its entry here, in its own
            -- transaction, without locking anything shared; HistorySealer moves them into lead_history in
            -- batches (the one place that takes the head lock), usually within a second. id orders them:
            -- a lead's entries are written under its row lock, so their ids follow the lead's order.
            CREATE TABLE lead_routing.lead_history_drafts (
                id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                entry_id      uuid        NOT NULL UNIQUE,
                lead_id       uuid        NOT NULL,
                lead_sequence bigint      NOT NULL CHECK (lead_sequence >= 1),
                occurred_at   timestamptz NOT NULL,
                kind          text        NOT NULL,
                actor_id      text        NOT NULL,
                data          jsonb       NOT NULL,
                UNIQUE (lead_id, lead_sequence)
            );

            -- The chain head: one row, moved forward by every seal, never backwards, never deleted.
            CREATE TABLE lead_routing.lead_history_head (
                id       integer NOT NULL PRIMARY KEY CHECK (id = 1),
                sequence bigint  NOT NULL,
                hash     text    NOT NULL
            );
            INSERT INTO lead_routing.lead_history_head (id, sequence, hash) VALUES (1, 0, repeat('0', 64));

            CREATE FUNCTION lead_routing.guard_history_head() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP <> 'UPDATE' THEN
                    RAISE EXCEPTION 'lead_routing.lead_history_head cannot be deleted or truncated'
                        USING ERRCODE = 'insufficient_privilege';
                END IF;
                IF NEW.sequence <= OLD.sequence THEN
                    RAISE EXCEPTION 'lead_routing.lead_history_head only moves forward (% -> %)', OLD.sequence, NEW.sequence
                        USING ERRCODE = 'insufficient_privilege';
                END IF;
                RETURN NEW;
            END;
            $$;
            CREATE TRIGGER lead_history_head_forward_only
                BEFORE UPDATE OR DELETE ON lead_routing.lead_history_head
                FOR EACH ROW EXECUTE FUNCTION lead_routing.guard_history_head();
            CREATE TRIGGER lead_history_head_no_truncate
                BEFORE TRUNCATE ON lead_routing.lead_history_head
                FOR EACH STATEMENT EXECUTE FUNCTION lead_routing.guard_history_head();
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder) =>
        throw new NotSupportedException("The history is append-only; this migration is not reversible.");
}
