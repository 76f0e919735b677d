using SalesMesh.LeadRouting.Domain.Lifecycle;

namespace SalesMesh.LeadRouting.Tests;

public class LeadStateMachineTests
{
    [Theory]
    [InlineData(LeadStatus.Unassigned, LeadTrigger.Assign, LeadStatus.Assigned)]
    [InlineData(LeadStatus.Unassigned, LeadTrigger.SendToPublicPool, LeadStatus.PublicPool)]
    [InlineData(LeadStatus.Assigned, LeadTrigger.MarkViewed, LeadStatus.Viewed)]
    [InlineData(LeadStatus.Assigned, LeadTrigger.RecordContact, LeadStatus.Contacted)]
    [InlineData(LeadStatus.Viewed, LeadTrigger.RecordContact, LeadStatus.Contacted)]
    [InlineData(LeadStatus.Contacted, LeadTrigger.RecordContact, LeadStatus.Contacted)]
    [InlineData(LeadStatus.Contacted, LeadTrigger.Convert, LeadStatus.Converted)]
    [InlineData(LeadStatus.Viewed, LeadTrigger.Reassign, LeadStatus.Assigned)]
    [InlineData(LeadStatus.Contacted, LeadTrigger.Abandon, LeadStatus.Abandoned)]
    [InlineData(LeadStatus.Viewed, LeadTrigger.Release, LeadStatus.PublicPool)]
    [InlineData(LeadStatus.Assigned, LeadTrigger.Recycle, LeadStatus.PublicPool)]
    [InlineData(LeadStatus.Abandoned, LeadTrigger.Recycle, LeadStatus.PublicPool)]
    [InlineData(LeadStatus.PublicPool, LeadTrigger.Claim, LeadStatus.Assigned)]
    [InlineData(LeadStatus.Contacted, LeadTrigger.MoveToCleaningPool, LeadStatus.CleaningPool)]
    [InlineData(LeadStatus.PublicPool, LeadTrigger.MoveToCleaningPool, LeadStatus.CleaningPool)]
    [InlineData(LeadStatus.CleaningPool, LeadTrigger.RestoreFromCleaningPool, LeadStatus.Assigned)]
    [InlineData(LeadStatus.CleaningPool, LeadTrigger.ReleaseFromCleaningPool, LeadStatus.PublicPool)]
    public void Allowed_transitions(LeadStatus from, LeadTrigger trigger, LeadStatus to) =>
        Assert.Equal(to, LeadStateMachine.Apply(from, trigger).Value);

    [Theory]
    [InlineData(LeadStatus.Unassigned, LeadTrigger.Convert)]
    [InlineData(LeadStatus.Assigned, LeadTrigger.Convert)]
    [InlineData(LeadStatus.Converted, LeadTrigger.Release)]
    [InlineData(LeadStatus.Converted, LeadTrigger.Assign)]
    [InlineData(LeadStatus.PublicPool, LeadTrigger.MarkViewed)]
    [InlineData(LeadStatus.Assigned, LeadTrigger.Claim)]
    [InlineData(LeadStatus.CleaningPool, LeadTrigger.Claim)]
    [InlineData(LeadStatus.Contacted, LeadTrigger.Recycle)]
    [InlineData(LeadStatus.Abandoned, LeadTrigger.RecordContact)]
    public void Refused_transitions_name_the_current_state(LeadStatus from, LeadTrigger trigger)
    {
        var result = LeadStateMachine.Apply(from, trigger);

        Assert.False(result.IsSuccess);
        Assert.Equal("INVALID_TRANSITION", result.Error!.Code);
        Assert.Contains($"当前状态为“{LeadStatusText.Of(from).ZhCn}”", result.Error.Message.ZhCn);
        Assert.Contains($"is {LeadStatusText.Of(from).En}", result.Error.Message.En);
        Assert.Equal(from.ToString(), result.Error.Violations[0].Code);
    }

    [Fact]
    public void The_error_lists_what_is_allowed_instead()
    {
        var error = LeadStateMachine.Apply(LeadStatus.Assigned, LeadTrigger.Convert).Error!;

        Assert.Equal("线索当前状态为“已分配”，不能转化；当前可执行：改派、标记已查看、记录联系、放弃、释放、回收至公海、移入待清洗池", error.Message.ZhCn);
    }

    [Fact]
    public void Converted_is_final_except_for_a_supervisor_override_with_a_reason()
    {
        Assert.Empty(LeadStateMachine.AllowedTriggers(LeadStatus.Converted));
        Assert.Contains("需主管覆盖", LeadStateMachine.Apply(LeadStatus.Converted, LeadTrigger.Abandon).Error!.Message.ZhCn);

        Assert.Equal("OVERRIDE_REASON_REQUIRED", LeadStateMachine.Override(LeadStatus.Converted, LeadStatus.Contacted, "  ").Error!.Code);
        Assert.Equal("OVERRIDE_NO_CHANGE", LeadStateMachine.Override(LeadStatus.Converted, LeadStatus.Converted, "误操作").Error!.Code);
        Assert.Equal(LeadStatus.Contacted, LeadStateMachine.Override(LeadStatus.Converted, LeadStatus.Contacted, "客户合同未签，误标转化").Value);
    }
}
