using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SalesMesh.Activities.Data.Migrations;

/// <summary>
/// Admins may give witness-review verdicts (as they decide LeadRouting appeals): who gave the verdict
/// is stored, and whether it was an admin acting instead of the review's supervisor. Verdicts given
/// before were the supervisor's own.
/// </summary>
[DbContext(typeof(ActivitiesDbContext))]
[Migration("20261205120000_WitnessAdminVerdicts")]
public sealed class WitnessAdminVerdicts : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("""
            ALTER TABLE activities.witness_reviews
                ADD COLUMN reviewed_by text NULL,
                ADD COLUMN reviewed_by_admin boolean NOT NULL DEFAULT false;
            UPDATE activities.witness_reviews SET reviewed_by = supervisor_id WHERE verdict IS NOT NULL;
            """);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("ALTER TABLE activities.witness_reviews DROP COLUMN reviewed_by, DROP COLUMN reviewed_by_admin;");
}
