using SalesMesh.LeadRouting.Domain.CircuitBreaking;
using SalesMesh.LeadRouting.Domain.Lifecycle;
using SalesMesh.LeadRouting.Domain.Routing;
using static SalesMesh.LeadRouting.Tests.T;

namespace SalesMesh.LeadRouting.Tests;

public class CircuitBreakerTests
{
    /// <summary>A status change as Activities publishes it: colour, its red streak (0 unless red) and when it happened.</summary>
    private static StatusEvent Ev(string id, StatusColor color, int streak, int hour) => new(id, "cust-1", color, streak, Sh(2026, 11, 20, hour));

    private static StatusEvent Red(string id, int streak, int hour) => Ev(id, StatusColor.Red, streak, hour);

    /// <summary>Feeds every event; returns the final state and how many of them tripped the breaker.</summary>
    private static (BreakerState State, int Trips) Feed(BreakerState state, params StatusEvent[] events)
    {
        var trips = 0;
        foreach (var e in events)
        {
            var step = CustomerCircuitBreaker.Apply(state, e);
            trips += step.TrippedNow ? 1 : 0;
            state = step.State;
        }
        return (state, trips);
    }

    private static (BreakerState State, int Trips) Feed(params StatusEvent[] events) => Feed(BreakerState.Closed("cust-1"), events);

    [Fact]
    public void Two_consecutive_reds_trip_the_breaker()
    {
        var first = CustomerCircuitBreaker.Apply(BreakerState.Closed("cust-1"), Red("1", 1, 9));
        var step = CustomerCircuitBreaker.Apply(first.State, Red("2", 2, 10));

        Assert.False(first.TrippedNow);
        Assert.True(step.TrippedNow);
        Assert.True(step.State.Tripped);
        Assert.Equal(2, step.State.ConsecutiveReds);
        Assert.Contains("连续 2 次被标为红色", step.Reason!.ZhCn);
        Assert.Contains("cleaning pool", step.Reason.En);
    }

    [Fact]
    public void A_green_or_yellow_in_between_starts_a_new_streak()
    {
        var yellow = Feed(Red("1", 1, 9), Ev("2", StatusColor.Yellow, 0, 10), Red("3", 1, 11));
        var green = Feed(Red("1", 1, 9), Ev("2", StatusColor.Green, 0, 10), Red("3", 1, 11));

        Assert.Equal((false, 0, 1), (yellow.State.Tripped, yellow.Trips, yellow.State.ConsecutiveReds));
        Assert.Equal((false, 0, 1), (green.State.Tripped, green.Trips, green.State.ConsecutiveReds));
    }

    [Fact]
    public void Two_reds_applied_newest_first_still_trip_it_exactly_once()
    {
        var outOfOrder = Feed(Red("2", 2, 10), Red("1", 1, 9));

        Assert.Equal((true, 1), (outOfOrder.State.Tripped, outOfOrder.Trips));
        Assert.Equal((2, "2"), (outOfOrder.State.ConsecutiveReds, outOfOrder.State.LastEventId)); // the newest event stays the reference
    }

    [Fact]
    public void Every_arrival_order_of_a_streak_of_three_trips_once()
    {
        StatusEvent[] streak = [Red("1", 1, 9), Red("2", 2, 10), Red("3", 3, 11)];
        int[][] orders = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];

        foreach (var order in orders)
        {
            var fed = Feed([.. order.Select(i => streak[i])]);
            Assert.True((true, 1, 3) == (fed.State.Tripped, fed.Trips, fed.State.ConsecutiveReds), $"order {string.Join(",", order)}: {fed}");
        }
    }

    [Fact]
    public void A_replayed_red_or_an_older_green_changes_nothing()
    {
        var once = CustomerCircuitBreaker.Apply(BreakerState.Closed("cust-1"), Red("1", 1, 9));
        var replay = CustomerCircuitBreaker.Apply(once.State, Red("1", 1, 9));
        var olderGreen = CustomerCircuitBreaker.Apply(once.State, Ev("0", StatusColor.Green, 0, 8));

        Assert.Equal((false, once.State), (replay.TrippedNow, replay.State));
        Assert.Equal((false, 1, "1"), (olderGreen.TrippedNow, olderGreen.State.ConsecutiveReds, olderGreen.State.LastEventId));

        var tripped = Feed(Red("1", 1, 9), Red("2", 2, 10)).State;
        var replayedTrip = CustomerCircuitBreaker.Apply(tripped, Red("2", 2, 10));
        var lateGreen = CustomerCircuitBreaker.Apply(tripped, Ev("g", StatusColor.Green, 0, 8));
        Assert.Equal((false, true), (replayedTrip.TrippedNow, replayedTrip.State.Tripped));
        Assert.Equal((false, true, 2), (lateGreen.TrippedNow, lateGreen.State.Tripped, lateGreen.State.ConsecutiveReds));
    }

    [Fact]
    public void A_third_red_does_not_trip_again_and_after_an_approved_appeal_only_a_new_streak_trips_it()
    {
        var tripped = Feed(Red("1", 1, 9), Red("2", 2, 10)).State;

        var third = CustomerCircuitBreaker.Apply(tripped, Red("3", 3, 11));
        Assert.False(third.TrippedNow);
        Assert.True(third.State.Tripped);

        var approvedAt = Sh(2026, 11, 20, 12);
        var reset = CustomerCircuitBreaker.Reset(third.State, approvedAt);
        Assert.False(reset.Tripped);
        Assert.Equal(approvedAt, reset.ForgivenThrough);
        // The same streak going on, and a streak that reached two before the approval but arrives late: forgiven.
        Assert.Equal(0, Feed(reset, Red("4", 4, 13), Red("late", 2, 11)).Trips);
        // A new streak after the approval trips it again, once.
        var again = Feed(reset, Red("4", 4, 13), Ev("5", StatusColor.Yellow, 0, 14), Red("6", 1, 15), Red("7", 2, 16), Red("8", 3, 17));
        Assert.Equal((true, 1), (again.State.Tripped, again.Trips));
    }

    [Fact]
    public void A_reset_forgives_at_least_everything_already_applied()
    {
        var tripped = Feed(Red("1", 1, 9), Red("2", 2, 10)).State;

        var reset = CustomerCircuitBreaker.Reset(tripped, Sh(2026, 11, 20, 8)); // the approver's clock behind Activities'

        Assert.Equal(Sh(2026, 11, 20, 10), reset.ForgivenThrough);
    }

    [Fact]
    public void After_tripping_the_rep_is_excluded_from_routing_that_customer()
    {
        var now = Sh(2026, 11, 20, 12);
        var lead = new LeadToRoute("lead-9", "杭州", null, CustomerId: "cust-1");
        RoutingCandidate[] reps = [Candidate(Rep("A"), Busy(now, openLeads: 0)), Candidate(Rep("B"), Busy(now, openLeads: 40))];

        var decision = LeadRouter.Route(RoutingPolicy.Default(), new RoutingRequest(lead, reps, [new CallerExclusion("A", CallerExclusionReason.FollowUpRightsRevoked)]), now);

        Assert.Equal("B", decision.AssignedRepId);
        Assert.Contains("跟进权已被熔断收回", decision.Explain("A").ZhCn);
        Assert.Equal(LeadStatus.CleaningPool, LeadStateMachine.Apply(LeadStatus.Contacted, LeadTrigger.MoveToCleaningPool).Value);
    }
}

public class EvidenceFileInspectorTests
{
    private static readonly EvidencePolicy Policy = EvidencePolicy.Default;

    public static TheoryData<string, byte[], EvidenceFileType> KnownFiles => new()
    {
        { "call.mp3", [.. "ID3"u8, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], EvidenceFileType.Mp3 },
        { "call.mp3", [0xFF, 0xFB, 0x90, 0x64, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], EvidenceFileType.Mp3 },
        { "memo.m4a", [0, 0, 0, 0x20, .. "ftypM4A "u8, 0, 0, 0, 0], EvidenceFileType.M4a },
        { "wechat.amr", [.. "#!AMR\n"u8, 0x3C, 0, 0, 0, 0, 0, 0, 0, 0, 0], EvidenceFileType.Amr },
        { "call.wav", [.. "RIFF"u8, 0x24, 0x08, 0, 0, .. "WAVE"u8, .. "fmt "u8], EvidenceFileType.Wav },
        { "chat.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, .. "IHDR"u8], EvidenceFileType.Png },
        { "chat.jpg", [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, .. "JFIF"u8, 0, 1, 1, 0, 0, 1], EvidenceFileType.Jpeg },
        { "form.pdf", [.. "%PDF-1.7\n%"u8, 0xE2, 0xE3, 0xCF, 0xD3, 0x0A, 0x31], EvidenceFileType.Pdf },
        { "renamed.jpg", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, .. "IHDR"u8], EvidenceFileType.Png },
    };

    [Theory]
    [MemberData(nameof(KnownFiles))]
    public void Allowed_types_are_recognised_by_content(string name, byte[] header, EvidenceFileType expected)
    {
        var result = EvidenceFileInspector.Inspect(name, header, 1024, Policy);

        Assert.True(result.IsSuccess, result.Error?.Message.En);
        Assert.Equal(expected, result.Value.Type);
    }

    public static TheoryData<string, byte[]> RefusedFiles => new()
    {
        { "recording.mp3", [(byte)'M', (byte)'Z', 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xFF, 0xFF, 0, 0] }, // a Windows executable
        { "screenshot.png", [.. "PK"u8, 3, 4, 20, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0] },                  // a zip archive
        { "note.pdf", [.. "hello, this is text"u8] },
        { "clip.m4a", [0, 0, 0, 0x20, .. "ftypqt  "u8, 0, 0, 0, 0] },                                      // QuickTime video
        { "audio.aac", [0xFF, 0xF1, 0x50, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] },                      // AAC ADTS, not mp3
    };

    [Theory]
    [MemberData(nameof(RefusedFiles))]
    public void Other_content_is_refused_whatever_the_file_is_called(string name, byte[] header)
    {
        var result = EvidenceFileInspector.Inspect(name, header, 1024, Policy, "evidence[0]");

        Assert.False(result.IsSuccess);
        Assert.Equal("EVIDENCE_UNSUPPORTED_TYPE", result.Error!.Code);
        Assert.Equal("evidence[0]", result.Error.Violations[0].FieldPath);
        Assert.Contains("按文件内容判断", result.Error.Message.ZhCn);
    }

    [Fact]
    public void Size_limits_depend_on_the_kind_of_evidence()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, .. "IHDR"u8];
        byte[] mp3 = [.. "ID3"u8, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        const long eightMb = 8L * 1024 * 1024;

        var image = EvidenceFileInspector.Inspect("chat.png", png, eightMb, Policy);
        Assert.Equal("EVIDENCE_FILE_TOO_LARGE", image.Error!.Code);
        Assert.Contains("文件过大：8 MB，截图最大 5 MB", image.Error.Message.ZhCn);
        Assert.True(EvidenceFileInspector.Inspect("call.mp3", mp3, eightMb, Policy).IsSuccess);
        var justOver = EvidenceFileInspector.Inspect("call.mp3", mp3, 10L * 1024 * 1024 + 1, Policy);
        Assert.Contains("File too large: 10.1 MB; the limit for recordings is 10 MB", justOver.Error!.Message.En);
        Assert.Equal("EVIDENCE_EMPTY_FILE", EvidenceFileInspector.Inspect("x.png", png, 0, Policy).Error!.Code);
    }
}

public class InvalidLeadAppealTests
{
    private static readonly DateTimeOffset Now = Sh(2026, 11, 20, 16);
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, .. "IHDR"u8];
    private static readonly byte[] Wav = [.. "RIFF"u8, 0x24, 0x08, 0, 0, .. "WAVE"u8, .. "fmt "u8];

    private static Domain.Common.DomainResult<InvalidLeadAppeal> File(LeadStatus status = LeadStatus.CleaningPool, string appellant = "A", string? reason = "客户来源可疑，非本人跟进问题", params EvidenceUpload[] uploads) =>
        AppealRules.File("ap-1", "lead-1", "cust-1", status, revokedRepId: "A", appellant, reason,
            uploads.Length == 0 ? [new("chat.png", Png, 2048), new("call.wav", Wav, 4096)] : uploads, EvidencePolicy.Default, Now);

    [Fact]
    public void A_complete_appeal_is_filed_with_inspected_evidence()
    {
        var appeal = File().Value;

        Assert.Equal(AppealStatus.Pending, appeal.Status);
        Assert.Equal([EvidenceFileType.Png, EvidenceFileType.Wav], appeal.Evidence.Select(e => e.Type));
    }

    [Fact]
    public void Invalid_appeals_list_every_problem_with_field_paths()
    {
        var error = File(LeadStatus.Contacted, "B", " ", new EvidenceUpload("call.mp3", [.. "MZ"u8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 100)).Error!;

        Assert.Equal(["leadId", "repId", "reason", "evidence[0]"], error.Violations.Select(v => v.FieldPath));
    }

    [Fact]
    public void Files_each_within_their_limit_are_refused_together_over_the_appeal_total()
    {
        const long fiveMb = 5L * 1024 * 1024;
        var error = File(uploads: [new("a.wav", Wav, fiveMb), new("b.wav", Wav, fiveMb), new("c.png", Png, fiveMb / 5 * 2)]).Error!;

        var violation = Assert.Single(error.Violations);
        Assert.Equal(("evidence", "TOTAL_TOO_LARGE"), (violation.FieldPath, violation.Code));
        Assert.Equal("证据文件合计 12 MB，每次申诉合计最大 11 MB", violation.Message.ZhCn);
        Assert.True(File(uploads: [new("a.wav", Wav, 10L * 1024 * 1024), new("c.png", Png, 1024 * 1024)]).IsSuccess); // exactly 11 MB
    }

    [Fact]
    public void An_overlong_reason_or_file_name_is_refused()
    {
        var error = File(reason: new string('因', AppealRules.MaxReasonLength + 1), uploads: [new(new string('a', 201) + ".png", Png, 2048), new(" ", Png, 2048)]).Error!;

        Assert.Equal(["reason", "evidence[0].fileName", "evidence[1].fileName"], error.Violations.Select(v => v.FieldPath));
    }

    [Fact]
    public void The_supervisor_approving_restores_rights_and_returns_the_lead()
    {
        var outcome = AppealRules.Decide(File().Value, "sup-1", repSupervisorId: "sup-1", approve: true, "录音证实客户号码为空号", Now.AddHours(1)).Value;

        Assert.True(outcome.RightsRestored);
        Assert.Equal(LeadStatus.Assigned, outcome.LeadStatusAfter);
        Assert.Equal(AppealStatus.Approved, outcome.Appeal.Status);
        Assert.Contains("跟进权已恢复", outcome.Message.ZhCn);
    }

    [Fact]
    public void Rejection_keeps_the_lead_in_the_cleaning_pool_and_shows_the_reason()
    {
        var outcome = AppealRules.Decide(File().Value, "sup-1", "sup-1", approve: false, "证据不足", Now).Value;

        Assert.False(outcome.RightsRestored);
        Assert.Equal(LeadStatus.CleaningPool, outcome.LeadStatusAfter);
        Assert.Equal("申诉被驳回：证据不足", outcome.Message.ZhCn);
    }

    [Fact]
    public void Only_the_reps_supervisor_decides_once_and_with_a_reason()
    {
        var appeal = File().Value;

        Assert.Equal("NOT_THE_SUPERVISOR", AppealRules.Decide(appeal, "sup-2", "sup-1", true, "ok", Now).Error!.Code);
        Assert.Equal("DECISION_REASON_REQUIRED", AppealRules.Decide(appeal, "sup-1", "sup-1", true, "", Now).Error!.Code);
        var decided = AppealRules.Decide(appeal, "sup-1", "sup-1", true, "ok", Now).Value.Appeal;
        var again = AppealRules.Decide(decided, "sup-1", "sup-1", false, "改主意", Now).Error!;
        Assert.Equal("APPEAL_ALREADY_DECIDED", again.Code);
        Assert.Contains("2026-11-20 16:00", again.Message.ZhCn);
    }
}
