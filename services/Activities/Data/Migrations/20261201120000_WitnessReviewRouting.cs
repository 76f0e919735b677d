using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SalesMesh.Activities.Data.Migrations;

/// <summary>
/// Witness reviews of reps without a direct supervisor on the roster are no longer skipped: they
/// are opened unassigned (supervisor_id NULL) and routed to the supervisors of team_id and to
/// admins; whoever gives the verdict fills supervisor_id.
/// </summary>
[DbContext(typeof(ActivitiesDbContext))]
[Migration("20261201120000_WitnessReviewRouting")]
public sealed class WitnessReviewRouting : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("""
            ALTER TABLE activities.witness_reviews
                ALTER COLUMN supervisor_id DROP NOT NULL,
                ADD COLUMN team_id text NULL;
            CREATE INDEX ix_witness_reviews_unassigned ON activities.witness_reviews (team_id, due_at) WHERE supervisor_id IS NULL;
            """);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("""
            DROP INDEX activities.ix_witness_reviews_unassigned;
            DELETE FROM activities.witness_reviews WHERE supervisor_id IS NULL;
            ALTER TABLE activities.witness_reviews DROP COLUMN team_id, ALTER COLUMN supervisor_id SET NOT NULL;
            """);
}
