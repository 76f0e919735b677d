using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SalesMesh.Gateway.Data.Migrations;

/// <summary>Hand-written (EF design tools do not restore here): users and refresh tokens.</summary>
[DbContext(typeof(GatewayDbContext))]
[Migration("20261122140000_Users")]
public sealed class Users : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("""
            CREATE SCHEMA IF NOT EXISTS gateway;
            CREATE TABLE gateway.users (
                id              uuid        NOT NULL PRIMARY KEY,
                user_name       text        NOT NULL,
                display_name    text        NOT NULL,
                password_hash   text        NOT NULL,
                roles           text[]      NOT NULL DEFAULT '{}',
                team_id         text        NULL,
                supervisor_id   uuid        NULL REFERENCES gateway.users (id),
                failed_sign_ins integer     NOT NULL DEFAULT 0,
                locked_until    timestamptz NULL,
                disabled        boolean     NOT NULL DEFAULT false,
                created_at      timestamptz NOT NULL
            );
            CREATE UNIQUE INDEX ux_users_user_name ON gateway.users (user_name);
            CREATE TABLE gateway.refresh_tokens (
                id          uuid        NOT NULL PRIMARY KEY,
                user_id     uuid        NOT NULL REFERENCES gateway.users (id),
                family_id   uuid        NOT NULL,
                token_hash  text        NOT NULL,
                created_at  timestamptz NOT NULL,
                expires_at  timestamptz NOT NULL,
                consumed_at timestamptz NULL,
                revoked_at  timestamptz NULL
            );
            CREATE UNIQUE INDEX ux_refresh_tokens_token_hash ON gateway.refresh_tokens (token_hash);
            CREATE INDEX ix_refresh_tokens_family ON gateway.refresh_tokens (family_id);
            """);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("DROP SCHEMA gateway CASCADE;");
}
