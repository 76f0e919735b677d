using SalesMesh.Contracts.Activities.V1;

namespace SalesMesh.Activities.Tests.Service.Support;

/// <summary>Moves an opportunity through the default pipeline the way a rep does: every playbook item reported, then one gated step at a time.</summary>
public static class PipelineWalk
{
    /// <summary>Every required action of the five default stages.</summary>
    public static readonly string[] AllActions =
    [
        "painPointsConfirmed", "decisionChainListObtained", "budgetRangeDiscussed", "nextMeetingAgendaAgreed",
        "productDemoDone", "proposalSent", "keyPersonFeedbackCollected",
        "quoteSent", "objectionsRecorded", "decisionMakerMet",
        "contractDraftSent", "legalReviewDone", "signingDateAgreed",
        "kickoffHeld", "deliveryPlanApproved", "acceptanceCriteriaAgreed",
    ];

    /// <summary>Every required field of the five default stages, with plausible values.</summary>
    public static readonly Dictionary<string, string> AllFields = new()
    {
        ["budget"] = "confirmedAbove500k",
        ["biggestConcern"] = "technicalMismatch",
        ["promisedDeliverable"] = "技术方案与 ROI 测算",
        ["nextTouchpoint.at"] = "2026-12-01T10:00:00+08:00",
        ["objectionType"] = "price",
        ["quotedAmount"] = "900000",
        ["contractAmount"] = "880000",
        ["goLiveDate"] = "2027-03-01",
    };

    public static readonly string[] OpenStages = ["needsDiagnosis", "solutionPresentation", "quoteNegotiation", "contractSigning", "delivery"];

    /// <summary>Completes every playbook and advances to the last open stage ("delivery"); returns the opportunity there.</summary>
    public static async Task<Opportunity> ToLastOpenStageAsync(ActivitiesService.ActivitiesServiceClient client, Opportunity opportunity)
    {
        var progress = new RecordPlaybookProgressRequest { OpportunityId = opportunity.OpportunityId, ExpectedVersion = opportunity.Version };
        progress.CompletedActions.AddRange(AllActions);
        progress.FieldValues.Add(AllFields);
        var current = (await client.RecordPlaybookProgressAsync(progress)).Opportunity;
        foreach (var stage in OpenStages.Skip(1))
        {
            current = (await client.AdvanceStageAsync(new AdvanceStageRequest
            {
                OpportunityId = current.OpportunityId, TargetStage = stage, ExpectedVersion = current.Version,
            })).Opportunity;
        }
        return current;
    }
}
