namespace SalesMesh.LeadRouting.Domain.Contacts;

/// <summary>
/// Province-level and major city names that appear as the region part of Chinese company names
/// (杭州某某…, 某某（杭州）…). Used only to recognise a bracketed region and to fold 杭州市 into 杭州;
/// it is not a territory list (territories are roster data).
/// </summary>
internal static class RegionNames
{
    public static readonly HashSet<string> All =
    [
        "中国", "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建",
        "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海", "台湾",
        "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港", "澳门",
        "杭州", "宁波", "温州", "嘉兴", "湖州", "绍兴", "金华", "台州", "丽水", "衢州", "舟山", "义乌",
        "南京", "苏州", "无锡", "常州", "南通", "徐州", "扬州", "镇江", "盐城", "连云港", "泰州", "淮安", "宿迁", "昆山",
        "广州", "深圳", "东莞", "佛山", "珠海", "中山", "惠州", "汕头", "江门", "湛江",
        "武汉", "长沙", "成都", "西安", "郑州", "济南", "青岛", "烟台", "潍坊", "合肥", "福州", "厦门", "泉州",
        "南昌", "昆明", "贵阳", "南宁", "海口", "三亚", "石家庄", "唐山", "太原", "沈阳", "大连", "长春", "哈尔滨",
        "兰州", "西宁", "银川", "乌鲁木齐", "呼和浩特", "拉萨", "洛阳", "宜昌", "襄阳", "芜湖", "绵阳",
    ];

    /// <summary>The region without its administrative suffix (杭州市 → 杭州, 浙江省 → 浙江), or null if unknown.</summary>
    public static string? Canonical(string text)
    {
        if (All.Contains(text))
            return text;
        foreach (var suffix in (string[])["省", "市", "自治区", "特别行政区", "地区"])
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal) && All.Contains(text[..^suffix.Length]))
                return text[..^suffix.Length];
        }
        return null;
    }
}
