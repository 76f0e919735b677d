using SalesMesh.Contracts.Common.V1;
using SalesMesh.LeadRouting.Application.Routing;
using SalesMesh.LeadRouting.Data;
using SalesMesh.LeadRouting.Domain.Common;
using SalesMesh.LeadRouting.Domain.Scheduling;
using V1 = SalesMesh.Contracts.LeadRouting.V1;

namespace SalesMesh.LeadRouting.Grpc;

/// <summary>Roster entries and working windows between API messages and storage, with input checks.</summary>
internal static class RosterMapper
{
    public static V1.RosterRep ToProto(RepRecord r)
    {
        var rep = new V1.RosterRep
        {
            UserId = new UserId { Value = r.UserId },
            DisplayName = r.DisplayName,
            TeamId = r.TeamId ?? "",
            Supervisor = r.SupervisorUserId is null ? null : new UserId { Value = r.SupervisorUserId },
            Territories = { r.Territories },
            Qualifications = { r.Qualifications },
            Capacity = r.Capacity,
            Backup = r.BackupUserId is null ? null : new UserId { Value = r.BackupUserId },
            Active = r.Active,
            Version = r.Version,
        };
        if (DomainJson.DeserializeShift(r.Shift) is { } shift)
            rep.Shift.Add(ToProto(shift));
        return rep;
    }

    public static IEnumerable<V1.WorkingWindow> ToProto(WeeklySchedule schedule) =>
        schedule.Windows.Select(w => new V1.WorkingWindow
        {
            DayOfWeek = w.Day == DayOfWeek.Sunday ? 7 : (int)w.Day,
            Start = HhMm(w.Start),
            End = HhMm(w.End),
        });

    /// <summary>Working windows → schedule (Asia/Shanghai); null when none given. Bad windows are reported under <paramref name="path"/>.</summary>
    public static WeeklySchedule? ToSchedule(IReadOnlyList<V1.WorkingWindow> windows, string path, List<FieldViolation> violations)
    {
        if (windows.Count == 0)
            return null;
        var parsed = new List<WorkingWindow>();
        for (var i = 0; i < windows.Count; i++)
        {
            var w = windows[i];
            if (w.DayOfWeek is < 1 or > 7 || !TryParse(w.Start, out var start) || !TryParse(w.End, out var end))
            {
                violations.Add(new($"{path}[{i}]", "INVALID_WINDOW",
                    new("工作时段须为星期 1–7 与 HH:mm 格式的起止时间", "A working window needs a weekday 1–7 and HH:mm start and end")));
                continue;
            }
            parsed.Add(new WorkingWindow(w.DayOfWeek == 7 ? DayOfWeek.Sunday : (DayOfWeek)w.DayOfWeek, start, end));
        }
        var schedule = new WeeklySchedule(parsed);
        if (parsed.Count == windows.Count)
            violations.AddRange(schedule.Validate(path));
        return schedule;
    }

    private static bool TryParse(string hhmm, out TimeSpan value)
    {
        if (hhmm == "24:00")
        {
            value = TimeSpan.FromHours(24);
            return true;
        }
        return TimeSpan.TryParseExact(hhmm, @"hh\:mm", null, out value);
    }

    private static string HhMm(TimeSpan t) => t == TimeSpan.FromHours(24) ? "24:00" : t.ToString(@"hh\:mm");
}
