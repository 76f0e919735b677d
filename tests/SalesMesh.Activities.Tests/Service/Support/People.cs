using SalesMesh.ServiceDefaults.Identity;

namespace SalesMesh.Activities.Tests.Service.Support;

/// <summary>The cast of the integration tests: two reps of team A with their supervisor, a rep of team B, an admin.</summary>
public static class People
{
    public const string TeamA = "team-a";
    public const string TeamB = "team-b";

    public static readonly Caller RepWang = Rep("rep-wang", "王磊", TeamA);
    public static readonly Caller RepLi = Rep("rep-li", "李娜", TeamA);
    public static readonly Caller RepZhao = Rep("rep-zhao", "赵强", TeamB);
    public static readonly Caller SupervisorChen = new("sup-chen", "陈主管", new HashSet<string> { CallerRoles.Supervisor }, TeamA);
    public static readonly Caller SupervisorSun = new("sup-sun", "孙主管", new HashSet<string> { CallerRoles.Supervisor }, TeamB);
    public static readonly Caller Admin = new("admin-1", "管理员", new HashSet<string> { CallerRoles.Admin }, null);

    /// <summary>A rep with a unique id, so tests sharing one host never see each other's customers.</summary>
    public static Caller NewRep(string team = TeamA) => Rep("rep-" + Guid.NewGuid().ToString("N")[..8], "新销售", team);

    private static Caller Rep(string id, string name, string team) => new(id, name, new HashSet<string> { CallerRoles.Rep }, team);
}
