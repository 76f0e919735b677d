using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SalesMesh.ServiceDefaults.Messaging;

namespace SalesMesh.Revenue.Data.Migrations;

/// <summary>
/// Hand-written (EF design tools do not restore here): the three RV-4 revenue bases, "paid"
/// (verified cash) as the default because the product exists to stop unpaid deals counting as
/// money in the bank; outbox and inbox.
/// </summary>
[DbContext(typeof(RevenueDbContext))]
[Migration("20261122120000_Initial")]
public sealed class Initial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE SCHEMA IF NOT EXISTS revenue;
            CREATE TABLE revenue.revenue_bases (
                basis             integer NOT NULL PRIMARY KEY CHECK (basis BETWEEN 1 AND 3),
                position          integer NOT NULL UNIQUE,
                name_zh_cn        text    NOT NULL,
                name_en           text    NOT NULL,
                description_zh_cn text    NOT NULL,
                description_en    text    NOT NULL,
                is_default        boolean NOT NULL
            );
            -- At most one default: reports must never have to guess between two.
            CREATE UNIQUE INDEX ux_revenue_bases_one_default ON revenue.revenue_bases (is_default) WHERE is_default;
            INSERT INTO revenue.revenue_bases (basis, position, name_zh_cn, name_en, description_zh_cn, description_en, is_default) VALUES
                (1, 1, '按签约日期', 'By contract-signing date', '按合同签署日期计入业绩（签约额）。', 'Counts revenue on the date the contract was signed (booked revenue).', false),
                (2, 2, '按开票日期', 'By invoice date', '按发票开具日期计入业绩；已开票未回款不算回款。', 'Counts revenue on the invoice date; invoiced but unpaid is never counted as paid.', false),
                (3, 3, '按回款日期', 'By payment date', '仅按已与银行回单核验的回款日期计入业绩（现金）。', 'Counts only payments verified against a bank receipt, on their payment date (cash).', true);
            """);
        migrationBuilder.CreateMessagingTables(RevenueDbContext.Schema);
    }

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("DROP SCHEMA revenue CASCADE;");
}
