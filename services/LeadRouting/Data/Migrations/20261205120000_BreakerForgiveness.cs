using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SalesMesh.LeadRouting.Data.Migrations;

/// <summary>
/// LR-8: the circuit breaker trips on Activities' own red streak, whatever order events arrive in, so
/// an approved appeal records up to when it forgave the customer's reds (a late red of that period
/// must not trip the breaker again). consecutive_reds now holds Activities' streak of the newest event.
/// </summary>
[DbContext(typeof(LeadRoutingDbContext))]
[Migration("20261205120000_BreakerForgiveness")]
public sealed class BreakerForgiveness : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("""
            ALTER TABLE lead_routing.customer_breakers ADD COLUMN forgiven_through timestamptz NULL;
            -- Breakers an appeal already closed: everything seen so far counts as judged.
            UPDATE lead_routing.customer_breakers b SET forgiven_through = b.updated_at
             WHERE NOT b.tripped AND EXISTS (SELECT 1 FROM lead_routing.lead_appeals a WHERE a.customer_id = b.customer_id AND a.status = 'approved');
            """);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("ALTER TABLE lead_routing.customer_breakers DROP COLUMN forgiven_through;");
}
