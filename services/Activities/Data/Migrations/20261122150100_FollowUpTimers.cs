using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SalesMesh.ServiceDefaults.Timers;

namespace SalesMesh.Activities.Data.Migrations;

/// <summary>
/// The durable timers of Activities (ServiceDefaults/Timers) in schema <c>activities</c>: the
/// follow-up timers (60-day inactivity, review escalation, touchpoint overdue) live here. One
/// table for the whole service; any other Activities timer kind shares it.
/// </summary>
[DbContext(typeof(ActivitiesDbContext))]
[Migration("20261122150100_FollowUpTimers")]
public sealed class FollowUpTimerTables : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateDurableTimerTables(ActivitiesDbContext.Schema);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("DROP TABLE activities.durable_timers;");
}
