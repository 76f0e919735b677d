using System.Security.Cryptography;
using System.Text;
using SalesMesh.LeadRouting.Domain.History;
using static SalesMesh.LeadRouting.Tests.T;

namespace SalesMesh.LeadRouting.Tests;

public class HistoryChainTests
{
    /// <summary>Ten entries over three leads, interleaved as they would arrive.</summary>
    private static List<HistoryEntry> BuildLog()
    {
        var log = new List<HistoryEntry>();
        string[] leads = ["lead-a", "lead-b", "lead-a", "lead-c", "lead-a", "lead-b", "lead-c", "lead-a", "lead-b", "lead-a"];
        for (var i = 0; i < leads.Length; i++)
        {
            var draft = new HistoryEntryDraft(
                new Guid(i + 1, 0, 0, new byte[8]), leads[i], Sh(2026, 11, 20, 9).AddMinutes(i), i == 0 ? "Assigned" : "Viewed", "rep-1",
                new Dictionary<string, string> { ["to"] = "rep-1", ["reason"] = $"第 {i} 步\n含换行" });
            log.Add(HistoryChain.Append(log.LastOrDefault(), log.LastOrDefault(e => e.LeadId == leads[i]), draft));
        }
        return log;
    }

    [Fact]
    public void An_untouched_log_and_every_lead_chain_verify()
    {
        var log = BuildLog();

        Assert.True(HashChainVerifier.VerifyLog(log).IsIntact);
        Assert.Equal(10, HashChainVerifier.VerifyLog(log).EntriesChecked);
        foreach (var lead in log.GroupBy(e => e.LeadId))
            Assert.True(HashChainVerifier.VerifyLead(lead.Key, lead.OrderBy(e => e.LeadSequence)).IsIntact);
        Assert.Equal([1, 2, 3, 4, 5], log.Where(e => e.LeadId == "lead-a").Select(e => e.LeadSequence));
    }

    [Fact]
    public void Editing_a_middle_entry_names_that_entry_as_the_first_broken_one()
    {
        var log = BuildLog();
        log[4] = log[4] with { Data = new Dictionary<string, string> { ["to"] = "rep-9", ["reason"] = log[4].Data["reason"] } };

        var result = HashChainVerifier.VerifyLog(log);

        Assert.False(result.IsIntact);
        Assert.Equal(5, result.FirstBreak!.Sequence);
        Assert.Equal(log[4].EntryId, result.FirstBreak.EntryId);
        Assert.Equal(ChainBreakKind.ContentHashMismatch, result.FirstBreak.Kind);
        Assert.Contains("第 5 条", result.FirstBreak.Message.ZhCn);
        Assert.Contains("被篡改", result.FirstBreak.Message.ZhCn);
        Assert.Equal(5, result.EntriesChecked);

        var leadA = HashChainVerifier.VerifyLead("lead-a", log.Where(e => e.LeadId == "lead-a"));
        Assert.Equal(3, leadA.FirstBreak!.Sequence); // the same entry is lead-a's third
        Assert.Equal(log[4].EntryId, leadA.FirstBreak.EntryId);
        Assert.True(HashChainVerifier.VerifyLead("lead-b", log.Where(e => e.LeadId == "lead-b")).IsIntact);
    }

    [Fact]
    public void Editing_and_rehashing_an_entry_is_caught_at_the_next_link()
    {
        var log = BuildLog();
        var forged = log[4] with { ActorId = "admin" };
        log[4] = forged with { Hash = HistoryCanonicalForm.ComputeHash(forged) };

        var result = HashChainVerifier.VerifyLog(log);

        Assert.Equal(6, result.FirstBreak!.Sequence);
        Assert.Equal(ChainBreakKind.PreviousHashMismatch, result.FirstBreak.Kind);
        Assert.Equal(log[4].Hash, result.FirstBreak.Expected);
        Assert.Contains("previous-hash link", result.FirstBreak.Message.En);
    }

    [Fact]
    public void Deleting_an_entry_is_reported_as_a_sequence_gap()
    {
        var log = BuildLog();
        log.RemoveAt(6);

        var result = HashChainVerifier.VerifyLog(log);

        Assert.Equal(ChainBreakKind.SequenceGap, result.FirstBreak!.Kind);
        Assert.Equal(8, result.FirstBreak.Sequence);
        Assert.Contains("应为 7，实际为 8", result.FirstBreak.Message.ZhCn);
    }

    [Fact]
    public void An_entry_of_another_lead_in_a_lead_chain_is_named()
    {
        var log = BuildLog();
        var mixed = log.Where(e => e.LeadId == "lead-a").Take(2).Append(log[1]);

        Assert.Equal(ChainBreakKind.ForeignEntry, HashChainVerifier.VerifyLead("lead-a", mixed).FirstBreak!.Kind);
    }

    [Fact]
    public void The_hash_is_sha256_over_the_documented_canonical_form()
    {
        var entry = HistoryChain.Append(null, null, new HistoryEntryDraft(
            Guid.Parse("0b8f6a52-6a4f-4c55-8d2b-7f1e0b6c9a11"), "lead-1", Sh(2026, 11, 20, 9), "Assigned", "router",
            new Dictionary<string, string> { ["to"] = "张三", ["policy"] = "default@3" }));

        var expectedText =
            "salesmesh.leadrouting.history.v1\n" +
            "sequence=1:1\n" +
            "entryId=36:0b8f6a52-6a4f-4c55-8d2b-7f1e0b6c9a11\n" +
            "leadId=6:lead-1\n" +
            "leadSequence=1:1\n" +
            "occurredAt=28:2026-11-20T01:00:00.0000000Z\n" +
            "kind=8:Assigned\n" +
            "actorId=6:router\n" +
            "data=2\n" +
            "key=6:policy value=9:default@3\n" +
            "key=2:to value=6:张三\n" +
            $"previousHash=64:{new string('0', 64)}\n" +
            $"leadPreviousHash=64:{new string('0', 64)}\n";

        Assert.Equal(expectedText, Encoding.UTF8.GetString(HistoryCanonicalForm.Serialize(entry)));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(expectedText))), entry.Hash);
    }

    [Fact]
    public void Length_prefixes_keep_crafted_values_from_colliding()
    {
        var at = Sh(2026, 11, 20, 9);
        var id = Guid.NewGuid();
        var a = HistoryChain.Append(null, null, new(id, "lead-1", at, "Note", "rep", new Dictionary<string, string> { ["a"] = "1 value=2:b" }));
        var b = HistoryChain.Append(null, null, new(id, "lead-1", at, "Note", "rep", new Dictionary<string, string> { ["a"] = "1", ["b"] = "" }));

        Assert.NotEqual(a.Hash, b.Hash);
    }
}
