using System.Text;


namespace GridGov.Testing;

/// <summary>
/// A made-up county (code 5222xx, three villages in a box near 108.6°E 27.6°N) written as a county's
/// staff would send it: spreadsheets by openpyxl, CSV by Python in GBK, GeoJSON by Python's json — none
/// by our own code. ID numbers get their check digit from Python's own ISO 7064 implementation.
/// </summary>
public sealed class TestCountyFiles
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("gridgov-import-").FullName;
    public string Prefix { get; }
    public double Lon0 { get; }

    public TestCountyFiles(string prefix = "522299", double lon0 = 108.60)
    {
        Prefix = prefix;
        Lon0 = lon0;
    }

    public string CountyCode => Prefix + "000000";
    public string VillageEast => Prefix + "100001";
    public string VillageWest => Prefix + "100002";
    public string VillageSouth => Prefix + "101001";

    public string Path(string name) => System.IO.Path.Combine(Folder, name);

    /// <summary>Common Python: the county's geometry, its households (deterministic), valid ID numbers.</summary>
    private string Prelude(string coordinateSystem = "wgs84") => $$"""
        import json, math, csv, random
        P = "{{Prefix}}"; L0 = {{Lon0.ToString(System.Globalization.CultureInfo.InvariantCulture)}}
        def check(body):
            w = [7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2]
            return body + "10X98765432"[sum(int(c)*x for c, x in zip(body, w)) % 11]
        def rid(i, male=True):
            serial = (i * 2 + (1 if male else 0)) % 1000
            return check(P + "1970%02d%02d" % (1 + i % 12, 1 + i % 28) + "%03d" % serial)
        def box(x0, x1, y0=27.60, y1=27.66):
            return [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]
        VILLAGES = [(P + "100001", "东村", L0, L0 + 0.03), (P + "100002", "西村", L0 + 0.03, L0 + 0.06), (P + "101001", "南村", L0 + 0.06, L0 + 0.12)]
        def houses():
            rnd = random.Random(7)
            out = []
            for code, name, x0, x1 in VILLAGES:
                for k in range(20 if name == "东村" else 10):
                    out.append((code, name, "%04d" % (k + 1), x0 + 0.002 + rnd.random() * (x1 - x0 - 0.004), 27.602 + rnd.random() * 0.056))
            return out
        # GCJ-02 forward (the published formula, written here independently of the product's code).
        def gcj(lon, lat):
            a = 6378245.0; ee = 0.00669342162296594323
            x, y = lon - 105.0, lat - 35.0
            dlat = -100.0 + 2.0*x + 3.0*y + 0.2*y*y + 0.1*x*y + 0.2*math.sqrt(abs(x))
            dlat += (20.0*math.sin(6.0*x*math.pi) + 20.0*math.sin(2.0*x*math.pi)) * 2.0/3.0
            dlat += (20.0*math.sin(y*math.pi) + 40.0*math.sin(y/3.0*math.pi)) * 2.0/3.0
            dlat += (160.0*math.sin(y/12.0*math.pi) + 320*math.sin(y*math.pi/30.0)) * 2.0/3.0
            dlon = 300.0 + x + 2.0*y + 0.1*x*x + 0.1*x*y + 0.1*math.sqrt(abs(x))
            dlon += (20.0*math.sin(6.0*x*math.pi) + 20.0*math.sin(2.0*x*math.pi)) * 2.0/3.0
            dlon += (20.0*math.sin(x*math.pi) + 40.0*math.sin(x/3.0*math.pi)) * 2.0/3.0
            dlon += (150.0*math.sin(x/12.0*math.pi) + 300.0*math.sin(x/30.0*math.pi)) * 2.0/3.0
            rad = lat / 180.0 * math.pi
            magic = 1 - ee * math.sin(rad) ** 2
            sq = math.sqrt(magic)
            dlat = (dlat * 180.0) / ((a * (1 - ee)) / (magic * sq) * math.pi)
            dlon = (dlon * 180.0) / (a / sq * math.cos(rad) * math.pi)
            return lon + dlon, lat + dlat
        """;

    public string Areas()
    {
        var path = Path("areas.xlsx");
        Openpyxl.Run(Prelude() + """

            import openpyxl, sys
            wb = openpyxl.Workbook(); ws = wb.active; ws.title = "区划"
            ws.append(["区划代码", "名称", "上级代码"])
            ws.append([P + "000000", "测试县", None])
            ws.append([P + "100000", "甲镇", P + "000000"])
            ws.append([P + "101000", "乙乡", P + "000000"])
            for code, name, _, _ in VILLAGES: ws.append([code, name, code[:9] + "000"])
            for row in ws.iter_rows(min_col=1, max_col=1):
                for c in row: c.number_format = "@"
            wb.save(sys.argv[1])
            """, path);
        return path;
    }

    public string Boundaries()
    {
        var path = Path("boundaries.geojson");
        Openpyxl.Run(Prelude() + """

            import sys
            feats = [{"type": "Feature", "properties": {"区划代码": P + "000000", "名称": "测试县"}, "geometry": {"type": "Polygon", "coordinates": box(L0, L0 + 0.12)}},
                     {"type": "Feature", "properties": {"区划代码": P + "100000", "名称": "甲镇"}, "geometry": {"type": "Polygon", "coordinates": box(L0, L0 + 0.06)}},
                     {"type": "Feature", "properties": {"区划代码": P + "101000", "名称": "乙乡"}, "geometry": {"type": "Polygon", "coordinates": box(L0 + 0.06, L0 + 0.12)}}]
            for code, name, x0, x1 in VILLAGES:
                feats.append({"type": "Feature", "properties": {"区划代码": code, "名称": name}, "geometry": {"type": "Polygon", "coordinates": box(x0, x1)}})
            json.dump({"type": "FeatureCollection", "features": feats}, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False)
            """, path);
        return path;
    }

    /// <summary>Households as an .xlsx; coordinates in WGS84 unless <paramref name="coordinates"/> says gcj02 or swapped.</summary>
    public string Households(string name = "households.xlsx", string coordinates = "wgs84", string extra = "")
    {
        var path = Path(name);
        Openpyxl.Run(Prelude() + $$"""

            import openpyxl, sys
            wb = openpyxl.Workbook(); ws = wb.active
            ws.append(["测试县户籍花名册"])
            ws.append(["户编号", "户主姓名", "户主身份证号", "联系电话", "村代码", "村民小组", "人口数", "户类别", "经度", "纬度", "备注"])
            for i, (code, vname, no, lon, lat) in enumerate(houses()):
                if "{{coordinates}}" == "gcj02": lon, lat = gcj(lon, lat)
                if "{{coordinates}}" == "swapped": lon, lat = lat, lon
                ws.append([no, "户主%d" % i, rid(i), "138%08d" % i, code, "%d组" % (1 + i % 3), 1 + i % 5,
                           ["一般户", "脱贫户", "监测户", "低保户"][i % 4], round(lon, 7), round(lat, 7), ""])
            for row in ws.iter_rows(min_row=3):
                for c in (row[0], row[2], row[3], row[4]): c.number_format = "@"
            {{extra}}
            wb.save(sys.argv[1])
            """, path);
        return path;
    }

    /// <summary>Members as a GBK CSV (the way Excel on Chinese Windows saves it): two in 东村, one each elsewhere.</summary>
    public string Members(string name = "members.csv", string extra = "")
    {
        var path = Path(name);
        Openpyxl.Run(Prelude() + $$"""

            import sys
            rows = [["姓名", "身份证号", "性别", "入党日期", "党员类别", "所在支部", "党员状态", "联系电话", "住户编号", "联系户上限"]]
            rows.append(["党员甲", rid(101), "男", "2001-07-01", "正式", "东村党支部", "正常", "13900000001", "0001", "8"])
            rows.append(["党员乙", rid(102), "男", "2005/7/1", "正式", P + "100001", "正常", "", "0002", ""])
            rows.append(["党员丙", rid(103), "", "2010年7月1日", "预备", P + "100002", "正常", "", "0001", ""])
            rows.append(["党员丁", rid(104), "", "", "正式", "南村", "流动", "", "0003", ""])
            {{extra}}
            with open(sys.argv[1], "w", encoding="gbk", newline="") as f:
                csv.writer(f).writerows(rows)
            """, path);
        return path;
    }

    public string MemberId(int i) => Openpyxl.Run(Prelude() + $"\nprint(rid({i}))").Trim();

    public string Ties()
    {
        var path = Path("ties.csv");
        Openpyxl.Run(Prelude() + """

            import sys
            with open(sys.argv[1], "w", encoding="utf-8-sig", newline="") as f:
                w = csv.writer(f)
                w.writerow(["党员身份证号", "户编号", "关系", "说明"])
                w.writerow([rid(101), "0003", "血缘", "堂兄"])
                w.writerow([rid(101), "0004", "亲缘", "岳父"])
                w.writerow([rid(102), "0005", "人缘", "邻居"])
            """, path);
        return path;
    }

    public string Links()
    {
        var path = Path("links.xlsx");
        Openpyxl.Run(Prelude() + """

            import openpyxl, sys
            wb = openpyxl.Workbook(); ws = wb.active
            ws.append(["党员身份证号", "户编号", "村代码", "开始日期"])
            for k, no in enumerate(["0003", "0004", "0006", "0007"]): ws.append([rid(101), no, P + "100001", "2024-01-01"])
            for no in ["0005", "0008"]: ws.append([rid(102), no, None, "2024-03-01"])
            ws.append([rid(103), "0002", None, None])
            for row in ws.iter_rows(min_row=2):
                for c in row[:3]: c.number_format = "@"
            wb.save(sys.argv[1])
            """, path);
        return path;
    }

    public string Cells()
    {
        var path = Path("cells.geojson");
        Openpyxl.Run(Prelude() + """

            import sys
            x0 = L0; mid = L0 + 0.015; x1 = L0 + 0.03
            feats = [{"type": "Feature", "properties": {"网格名称": "东一网格", "村代码": P + "100001", "网格长身份证号": rid(101)}, "geometry": {"type": "Polygon", "coordinates": box(x0, mid)}},
                     {"type": "Feature", "properties": {"网格名称": "东二网格", "村代码": P + "100001", "网格长身份证号": None}, "geometry": {"type": "Polygon", "coordinates": box(mid, x1)}}]
            json.dump({"type": "FeatureCollection", "features": feats}, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False)
            """, path);
        return path;
    }
}
