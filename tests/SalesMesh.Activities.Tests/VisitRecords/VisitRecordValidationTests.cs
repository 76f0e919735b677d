using SalesMesh.Activities.Domain.VisitRecords;
using static SalesMesh.Activities.Tests.VisitRecords.VisitRecordSamples;

namespace SalesMesh.Activities.Tests.VisitRecords;

public sealed class VisitRecordValidationTests
{
    [Fact]
    public void A_complete_record_is_accepted_with_typed_values_and_server_time_in_utc()
    {
        var record = VisitRecordValidator.Validate(Valid(), ServerNow).Value;

        Assert.Equal(BudgetStatus.ConfirmedBelow500k, record.Budget);
        Assert.Equal(ObjectionType.Price, record.ObjectionType);
        Assert.Equal(BiggestConcern.TechnicalMismatch, record.BiggestConcern);
        Assert.Equal("周五前发送技术对比文档", record.PromisedDeliverable!.VisibleText);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 2, 30, 0, TimeSpan.Zero), record.VisitedAt);
        Assert.Equal(TimeSpan.Zero, record.VisitedAt.Offset);
        Assert.Equal(ServerNow, record.RecordedAt);
        Assert.Equal(["王总", "李工"], record.NextTouchpoint.Participants);
    }

    [Fact]
    public void Promised_deliverable_of_300_chinese_characters_passes()
    {
        var input = Valid() with { PromisedDeliverable = new string('成', 300) };

        var result = VisitRecordValidator.Validate(input, ServerNow);

        Assert.True(result.IsSuccess, string.Join("; ", result.Errors));
        Assert.Equal(300, result.Value.PromisedDeliverable!.Length);
    }

    [Fact]
    public void Promised_deliverable_of_301_chinese_characters_fails_with_the_field_path_and_count()
    {
        var input = Valid() with { PromisedDeliverable = new string('成', 301) };

        var error = Assert.Single(VisitRecordValidator.Validate(input, ServerNow).Errors);

        Assert.Equal("visit.too_long", error.Code);
        Assert.Equal("promisedDeliverable", error.Path);
        Assert.Contains("300", error.Message.Zh);
        Assert.Contains("301", error.Message.Zh);
        Assert.Contains("301", error.Message.En);
    }

    [Fact]
    public void Markup_does_not_count_toward_the_300_character_limit()
    {
        var input = Valid() with { PromisedDeliverable = "<p><b>" + new string('本', 150) + "</b><i>" + new string('成', 150) + "</i></p>" };

        Assert.True(VisitRecordValidator.Validate(input, ServerNow).IsSuccess);
    }

    [Fact]
    public void Characters_outside_the_basic_plane_count_once_each()
    {
        var emoji300 = string.Concat(Enumerable.Repeat("😀", 300)); // 600 UTF-16 code units
        Assert.True(VisitRecordValidator.Validate(Valid() with { PromisedDeliverable = emoji300 }, ServerNow).IsSuccess);
        Assert.False(VisitRecordValidator.Validate(Valid() with { PromisedDeliverable = emoji300 + "😀" }, ServerNow).IsSuccess);
    }

    [Fact]
    public void Every_problem_is_reported_with_its_field_path()
    {
        var input = Valid() with
        {
            CustomerId = "  ",
            Budget = null,
            ObjectionType = "tooExpensive",
            BiggestConcern = "",
            NextTouchpoint = new NextTouchpointInput(null, ["王总", "\u3000"], null),
            Gps = new GeoPointInput(91.5, -180.01),
        };

        var errors = VisitRecordValidator.Validate(input, ServerNow).Errors;

        Assert.Equal(
            [
                ("customerId", "visit.required"),
                ("budget", "visit.required"),
                ("objectionType", "visit.unknown_value"),
                ("biggestConcern", "visit.required"),
                ("nextTouchpoint.at", "visit.required"),
                ("nextTouchpoint.participants[1]", "visit.blank"),
                ("nextTouchpoint.topic", "visit.required"),
                ("gps.latitude", "visit.out_of_range"),
                ("gps.longitude", "visit.out_of_range"),
            ],
            errors.Select(e => (e.Path, e.Code)));
        Assert.Contains("price、deliveryTime、competitor、decisionProcess", errors[2].Message.Zh);
    }

    [Theory]
    [InlineData(90, 180, true)]
    [InlineData(-90, -180, true)]
    [InlineData(90.0001, 0, false)]
    [InlineData(0, 180.0001, false)]
    [InlineData(double.NaN, 0, false)]
    [InlineData(0, double.PositiveInfinity, false)]
    public void Gps_ranges_are_enforced(double latitude, double longitude, bool valid)
    {
        var result = VisitRecordValidator.Validate(Valid() with { Gps = new GeoPointInput(latitude, longitude) }, ServerNow);

        Assert.Equal(valid, result.IsSuccess);
    }

    [Fact]
    public void Gps_and_call_recording_are_optional()
    {
        var record = VisitRecordValidator.Validate(Valid() with { Gps = null, CallRecordingSummaryRef = null, ObjectionType = null }, ServerNow).Value;

        Assert.Null(record.Gps);
        Assert.Null(record.CallRecordingSummaryRef);
        Assert.Null(record.ObjectionType);
    }

    [Fact]
    public void The_next_touchpoint_must_come_after_the_visit_and_the_visit_not_in_the_future()
    {
        var input = Valid() with
        {
            VisitedAt = ServerNow.AddHours(1),
            NextTouchpoint = new NextTouchpointInput(ServerNow.AddMinutes(30), ["王总"], "复盘"),
        };

        var errors = VisitRecordValidator.Validate(input, ServerNow).Errors;

        Assert.Equal([("visitedAt", "visit.in_future"), ("nextTouchpoint.at", "visit.invalid_order")], errors.Select(e => (e.Path, e.Code)));
    }

    [Fact]
    public void Trial_end_before_start_is_refused()
    {
        var input = Valid() with { Trial = new TrialInput(true, new DateOnly(2026, 12, 1), new DateOnly(2026, 11, 30), "每天") };

        var error = Assert.Single(VisitRecordValidator.Validate(input, ServerNow).Errors);

        Assert.Equal("trial.endDate", error.Path);
    }
}
