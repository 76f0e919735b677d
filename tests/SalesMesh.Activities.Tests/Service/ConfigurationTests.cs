using Grpc.Core;
using SalesMesh.Activities.Domain.Rules;
using SalesMesh.Activities.Tests.Service.Support;
using SalesMesh.Contracts.Activities.V1;
using SalesMesh.Contracts.Common.V1;

namespace SalesMesh.Activities.Tests.Service;

/// <summary>Playbooks and rule sets as versioned data, published by admins only: role checks, expected-version concurrency, unknown fields named.</summary>
[Collection(ActivitiesCollection.Name)]
public sealed class ConfigurationTests(ActivitiesFixture fixture)
{
    private ActivitiesHost Host => fixture.Host;

    private static PutPlaybookRequest DeliveryPlaybook(int expectedVersion, params string[] fields)
    {
        var request = new PutPlaybookRequest { StageCode = "delivery", ExpectedVersion = expectedVersion };
        request.RequiredActions.Add(Action("kickoffHeld", "交付启动会已召开", "kick-off held"));
        request.RequiredActions.Add(Action("deliveryPlanApproved", "交付计划已确认", "delivery plan approved"));
        request.RequiredActions.Add(Action("acceptanceCriteriaAgreed", "验收标准已约定", "acceptance criteria agreed"));
        request.RequiredActions.Add(Action("trainingScheduled", "培训已排期", "training scheduled"));
        request.RequiredFieldKeys.AddRange(fields);
        return request;
    }

    private static PlaybookActionDefinition Action(string key, string zh, string en) => new() { Key = key, Name = new LocalizedText { ZhCn = zh, En = en } };

    [Fact]
    public async Task A_playbook_naming_an_unknown_field_is_refused_naming_it_and_a_valid_one_becomes_the_next_version()
    {
        var admin = Host.ClientFor(People.Admin);
        var current = (await admin.GetPlaybookAsync(new GetPlaybookRequest { StageCode = "delivery" })).Playbook;

        var unknown = await Assert.ThrowsAsync<RpcException>(() => admin.PutPlaybookAsync(DeliveryPlaybook(current.Version, "goLiveDate", "goLiveDat")).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, unknown.StatusCode);
        var violation = Assert.Single(Samples.BadRequestOf(unknown).FieldViolations);
        Assert.Equal(("requiredFieldKeys[1]", "pipeline.unknown_field"), (violation.Field, violation.Reason));
        Assert.Contains("goLiveDat", violation.Description);
        Assert.Equal(current.Version, (await admin.GetPlaybookAsync(new GetPlaybookRequest { StageCode = "delivery" })).Playbook.Version);

        // A playbook is global configuration: PRODUCT §2 "admin configures rules"; a supervisor of any team is refused too.
        foreach (var caller in new[] { People.NewRep(), People.SupervisorChen })
        {
            var denied = await Assert.ThrowsAsync<RpcException>(() => Host.ClientFor(caller).PutPlaybookAsync(DeliveryPlaybook(current.Version, "goLiveDate")).ResponseAsync);
            Assert.Equal((StatusCode.PermissionDenied, "permission.admin_required"), (denied.StatusCode, Samples.ReasonOf(denied)));
        }
        Assert.Equal(current.Version, (await admin.GetPlaybookAsync(new GetPlaybookRequest { StageCode = "delivery" })).Playbook.Version);

        var put = await admin.PutPlaybookAsync(DeliveryPlaybook(current.Version, "goLiveDate", "contractAmount"));
        Assert.Equal(current.Version + 1, put.Playbook.Version);
        var read = (await Host.ClientFor(People.NewRep()).GetPlaybookAsync(new GetPlaybookRequest { StageCode = "delivery" })).Playbook;
        Assert.Equal(["kickoffHeld", "deliveryPlanApproved", "acceptanceCriteriaAgreed", "trainingScheduled"], read.RequiredActions.Select(a => a.Key));
        Assert.Equal([("goLiveDate", "上线日期"), ("contractAmount", "合同金额")], read.RequiredFields.Select(f => (f.Key, f.Name.ZhCn)));
        var stages = await Host.AnonymousClient().GetPipelineStagesAsync(new GetPipelineStagesRequest());
        Assert.Equal(4, stages.Stages.Single(s => s.Code == "delivery").RequiredActionCount);

        var stale = await Assert.ThrowsAsync<RpcException>(() => admin.PutPlaybookAsync(DeliveryPlaybook(current.Version, "goLiveDate")).ResponseAsync);
        Assert.Equal(StatusCode.Aborted, stale.StatusCode);
    }

    [Fact]
    public async Task Playbook_for_an_unknown_stage_or_with_two_actions_is_refused()
    {
        var admin = Host.ClientFor(People.Admin);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => admin.GetPlaybookAsync(new GetPlaybookRequest { StageCode = "won" }).ResponseAsync);
        Assert.Equal(("stageCode", StatusCode.InvalidArgument), (Assert.Single(Samples.BadRequestOf(unknown).FieldViolations).Field, unknown.StatusCode));

        var request = new PutPlaybookRequest { StageCode = "quoteNegotiation", ExpectedVersion = 1 };
        request.RequiredActions.Add(Action("quoteSent", "报价单已发送", "quote sent"));
        request.RequiredActions.Add(Action("quoteSent", "报价单已发送", "quote sent"));
        var refused = await Assert.ThrowsAsync<RpcException>(() => admin.PutPlaybookAsync(request).ResponseAsync);
        Assert.Equal(["requiredActions", "requiredActions[1].key"], Samples.BadRequestOf(refused).FieldViolations.Select(v => v.Field));
    }

    [Fact]
    public async Task The_default_rule_set_downloads_exactly_with_an_etag()
    {
        var client = Host.ClientFor(People.NewRep());
        var download = await client.DownloadRuleSetAsync(new DownloadRuleSetRequest { RuleSetId = "visit-record" });
        var compiled = RuleSetJson.ReadAndCompile(download.DocumentJson);
        Assert.True(compiled.IsSuccess);
        Assert.Equal([DefaultRuleSets.TrialAccountRuleId, DefaultRuleSets.BudgetConcernRuleId], compiled.Value.Source.Rules.Select(r => r.Id));
        Assert.Equal(64, download.Etag.Length);

        var again = await client.DownloadRuleSetAsync(new DownloadRuleSetRequest { RuleSetId = "visit-record", IfNoneMatch = download.Etag });
        Assert.True(again.NotModified);
        Assert.Equal("", again.DocumentJson);
        Assert.Equal(download.Version, again.Version);
    }

    [Fact]
    public async Task A_rule_referencing_an_unknown_field_is_refused_naming_it_and_versions_move_by_one()
    {
        var admin = Host.ClientFor(People.Admin);
        var current = (await admin.GetRuleSetAsync(new GetRuleSetRequest { RuleSetId = "visit-record" })).RuleSet;
        var next = current.Version + 1;
        var bumped = current.DocumentJson.Replace($"\"version\": {current.Version},", $"\"version\": {next},");
        // The last mention is the trial rule's required field (the catalogue comes first).
        var at = bumped.LastIndexOf("\"trial.clientLoginFrequency\"", StringComparison.Ordinal);
        var broken = bumped[..at] + "\"trial.loginFrequency\"" + bumped[(at + "\"trial.clientLoginFrequency\"".Length)..];
        Assert.NotEqual(current.DocumentJson, broken);

        var refused = await Assert.ThrowsAsync<RpcException>(() => admin.PutRuleSetAsync(new PutRuleSetRequest
        {
            RuleSetId = "visit-record", ExpectedVersion = current.Version, DocumentJson = broken,
        }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        var violation = Assert.Single(Samples.BadRequestOf(refused).FieldViolations);
        Assert.Equal(("rules[0].then.fields[2]", "rules.unknown_field"), (violation.Field, violation.Reason));
        Assert.Contains("trial.loginFrequency", violation.Description);

        // Same rules, next version: only an admin publishes it (a supervisor of any team is refused, nothing changes) ...
        var same = current.DocumentJson.Replace($"\"version\": {current.Version},", $"\"version\": {next},");
        foreach (var caller in new[] { People.NewRep(), People.SupervisorChen, People.SupervisorSun })
        {
            var denied = await Assert.ThrowsAsync<RpcException>(() => Host.ClientFor(caller).PutRuleSetAsync(new PutRuleSetRequest
            {
                RuleSetId = "visit-record", ExpectedVersion = current.Version, DocumentJson = same,
            }).ResponseAsync);
            Assert.Equal((StatusCode.PermissionDenied, "permission.admin_required"), (denied.StatusCode, Samples.ReasonOf(denied)));
        }
        Assert.Equal(current.Version, (await admin.DownloadRuleSetAsync(new DownloadRuleSetRequest())).Version);

        // ... and it becomes the one downloaded and enforced.
        var published = await admin.PutRuleSetAsync(new PutRuleSetRequest { RuleSetId = "visit-record", ExpectedVersion = current.Version, DocumentJson = same });
        Assert.Equal(next, published.RuleSet.Version);
        Assert.NotEqual(current.Etag, published.RuleSet.Etag);
        Assert.Equal(next, (await Host.ClientFor(People.SupervisorChen).DownloadRuleSetAsync(new DownloadRuleSetRequest())).Version);

        var stale = await Assert.ThrowsAsync<RpcException>(() => admin.PutRuleSetAsync(new PutRuleSetRequest
        {
            RuleSetId = "visit-record", ExpectedVersion = current.Version, DocumentJson = same,
        }).ResponseAsync);
        Assert.Equal(StatusCode.Aborted, stale.StatusCode);
    }
}
