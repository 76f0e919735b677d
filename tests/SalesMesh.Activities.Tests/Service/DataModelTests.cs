using Microsoft.EntityFrameworkCore;
using SalesMesh.Activities.Data;
using SalesMesh.Activities.Domain.Pipeline;
using SalesMesh.Activities.Domain.Rules;
using SalesMesh.Activities.Pipeline;
using SalesMesh.Activities.Tests.Service.Support;

namespace SalesMesh.Activities.Tests.Service;

/// <summary>
/// The hand-written migrations against the EF model: every table round-trips every column through
/// a migrated real PostgreSQL (nothing else compares DDL and model), and the seeds equal the domain defaults.
/// </summary>
[Collection(ActivitiesCollection.Name)]
public sealed class DataModelTests(ActivitiesFixture fixture)
{
    private ActivitiesHost Host => fixture.Host;

    [Fact]
    public async Task Playbook_seed_is_the_default_pipeline()
    {
        var playbooks = await Host.QueryAsync(db => db.Playbooks.AsNoTracking().Where(p => p.Version == 1).ToListAsync());
        foreach (var stage in DefaultPipeline.Create().OpenStages)
        {
            var stored = Assert.Single(playbooks, p => p.StageCode == stage.Key);
            Assert.Equal(stage.RequiredActions, PlaybookActionsJson.Read(stored.RequiredActions));
            Assert.Equal(stage.RequiredFields.Select(f => f.Key), stored.RequiredFields);
        }
    }

    [Fact]
    public async Task Rule_set_seed_is_the_default_visit_record_rule_set()
    {
        var ruleSet = await Host.QueryAsync(db => db.RuleSets.AsNoTracking().SingleAsync(r => r.RuleSetId == "visit-record" && r.Version == 1));
        Assert.Equal(RuleSetJson.Write(DefaultRuleSets.VisitRecordDefaults()), ruleSet.Document);
        Assert.Equal(64, ruleSet.Sha256.Length);
    }

    [Fact]
    public async Task Every_core_table_round_trips_all_columns()
    {
        var now = DateTimeOffset.UtcNow;
        var now0 = new DateTimeOffset(now.Ticks - now.Ticks % 10, TimeSpan.Zero); // PostgreSQL keeps microseconds
        var customerId = Guid.NewGuid();
        var opportunityId = Guid.NewGuid();
        var visitId = Guid.NewGuid();
        var flagId = Guid.NewGuid();
        var repId = "rep-model-" + Guid.NewGuid().ToString("N")[..6];
        await Host.QueryAsync(async db =>
        {
            db.Reps.Add(new RepRecord { UserId = repId, DisplayName = "王磊", TeamId = "t", SupervisorUserId = "s", Active = true, RosterVersion = 3, ChangedAt = now0 });
            db.Customers.Add(new CustomerRecord
            {
                Id = customerId, OwnerUserId = repId, TeamId = "t", LeadId = Guid.NewGuid(), Name = "华东医疗", ContactName = "张三",
                ContactPhone = "+8613800000000", ContactEmail = "z@example.com", ProductTags = ["a", "b"], CreatedAt = now0, CreatedBy = repId, Version = 1,
            });
            db.Opportunities.Add(new OpportunityRecord
            {
                Id = opportunityId, CustomerId = customerId, Name = "骨科设备", Stage = "needsDiagnosis", Amount = 123456.789m, Currency = "CNY",
                Status = "open", CompletedActions = ["productDemoDone"], FieldValues = """{"quotedAmount": "1"}""", LostReason = null,
                CreatedAt = now0, UpdatedAt = now0, ClosedAt = now0, Version = 1,
            });
            db.VisitRecords.Add(new StoredVisitRecord
            {
                Id = visitId, ClientRecordId = Guid.NewGuid(), CustomerId = customerId, OpportunityId = opportunityId, RepUserId = repId,
                VisitedAt = now0, RecordedAt = now0, UpdatedAt = now0, Budget = "unconfirmed", ObjectionType = "price", BiggestConcern = "other",
                PromisedDeliverable = "<b>ROI</b>", PromisedDeliverableText = "ROI", NextTouchpointAt = now0, NextTouchpointParticipants = ["张三"],
                NextTouchpointTopic = "演示", GpsLatitude = 31.2, GpsLongitude = 121.5, CallRecordingSummaryRef = "rec-1", TrialAccountProvided = true,
                TrialStartDate = new DateOnly(2026, 11, 1), TrialEndDate = new DateOnly(2026, 11, 30), TrialClientLoginFrequency = "daily",
                RuleSetId = "visit-record", RuleSetVersion = 1, Version = 1, VersionFingerprints = ["f1"], Exemplary = true,
                ExemplaryMarkedBy = "s", ExemplaryMarkedAt = now0, ExemplaryNote = "好",
            });
            db.AutomaticFlags.Add(new AutomaticFlagRecord
            {
                Id = flagId, SubjectType = AutomaticFlagRecord.SubjectVisitRecord, SubjectId = visitId, Kind = "lateEntry", RaisedValue = "late",
                Value = "late", State = "active", ResponsibleUserIds = [repId], RaisedAt = now0, Interventions = "[]", Version = 1,
            });
            return await db.SaveChangesAsync();
        });

        await Host.QueryAsync(async db =>
        {
            var rep = await db.Reps.AsNoTracking().SingleAsync(r => r.UserId == repId);
            Assert.Equal(("s", 3L, now0), (rep.SupervisorUserId, rep.RosterVersion, rep.ChangedAt));
            var customer = await db.Customers.AsNoTracking().SingleAsync(c => c.Id == customerId);
            Assert.Equal(["a", "b"], customer.ProductTags);
            Assert.Equal("+8613800000000", customer.ContactPhone);
            var opportunity = await db.Opportunities.AsNoTracking().SingleAsync(o => o.Id == opportunityId);
            Assert.Equal(123456.789m, opportunity.Amount);
            Assert.Equal(["productDemoDone"], opportunity.CompletedActions);
            Assert.Contains("quotedAmount", opportunity.FieldValues);
            var visit = await db.VisitRecords.AsNoTracking().SingleAsync(v => v.Id == visitId);
            Assert.Equal((new DateOnly(2026, 11, 30), 121.5, "演示", now0), (visit.TrialEndDate!.Value, visit.GpsLongitude!.Value, visit.NextTouchpointTopic, visit.NextTouchpointAt));
            Assert.Equal(["f1"], visit.VersionFingerprints);
            var flag = await db.AutomaticFlags.AsNoTracking().SingleAsync(f => f.Id == flagId);
            Assert.Equal([repId], flag.ResponsibleUserIds);
            return true;
        });
    }
}
