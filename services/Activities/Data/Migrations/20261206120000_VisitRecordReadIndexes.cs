using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SalesMesh.Activities.Data.Migrations;

/// <summary>
/// Indexes for the reads every submission makes: a rep's own records (the "new rep" check of AC-9
/// scanned the whole table without one) and a customer's latest visit by visit time (the status
/// card's last effective interaction and the inactivity timer read it; the old index orders by
/// recording time, so each read sorted all of the customer's visits).
/// </summary>
[DbContext(typeof(ActivitiesDbContext))]
[Migration("20261206120000_VisitRecordReadIndexes")]
public sealed class VisitRecordReadIndexes : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("""
            CREATE INDEX ix_visit_records_rep ON activities.visit_records (rep_user_id);
            CREATE INDEX ix_visit_records_customer_visited ON activities.visit_records (customer_id, visited_at DESC, recorded_at DESC);
            """);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("DROP INDEX activities.ix_visit_records_rep; DROP INDEX activities.ix_visit_records_customer_visited;");
}
