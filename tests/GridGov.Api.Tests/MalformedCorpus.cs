namespace GridGov.Api.Tests;

/// <summary>
/// The malformed inputs of issue 16 as a corpus: bad values crossed with the fields, arguments,
/// URLs and uploads that take them. Every case is refused input; none may be a 500 or INTERNAL.
/// </summary>
public static class MalformedCorpus
{
    /// <summary>A GraphQL request as <paramref name="User"/> (null: anonymous).</summary>
    public sealed record Gql(string? User, string Query, object? Variables = null);

    /// <summary>An HTTP request: method, path and query, optional body (JSON text or bytes of a file to upload).</summary>
    public sealed record Http(string? User, string Method, string Url, string? Json = null, (string Kind, string FileName, byte[] Bytes)? Upload = null);

    private const string Nul = "a\0b";

    public static readonly string[] BadIds =
    [
        "abc", "", " ", "1.5", "1e3", "0x10", "99999999999999999999", "-99999999999999999999", "9223372036854775808",
        Nul, "\0", "1\0", "１２３", "1 OR 1=1", "'; DROP TABLE households; --", "NaN", "Infinity", "null", "[1]", "{}",
        new string('9', 5000),
    ];

    public static readonly string[] BadTexts =
    [
        Nul, "\0", "田\0大明", new string('长', 20_000), new string('x', 10_001),
    ];

    public static readonly string[] BadMonths =
    [
        "2026-13", "2026-00", "abcd-ef", "20260101", "2026/01", "-1-01", "99999-01", "2026-1", Nul, "", " ", new string('2', 5000),
    ];

    public static readonly string[] BadGeoJson =
    [
        """{"type":"Polygon","coordinates":[[[1,2]]]}""",
        """{"type":"Polygon","coordinates":[[[108.3,28.0],[108.4,28.1],[108.3,28.1],[108.4,28.0],[108.3,28.0]]]}""",
        """{"type":"Polygon","coordinates":[]}""",
        """{"type":"Polygon","coordinates":"x"}""",
        """{"type":"Polygon"}""",
        """{"type":"Point","coordinates":[108.3,28.0,100]}""",
        """{"type":"Point","coordinates":[108.3]}""",
        """{"type":"Point","coordinates":["a","b"]}""",
        """{"type":"Point","coordinates":[1e400,1]}""",
        """{"type":"Point","coordinates":[null,null]}""",
        """{"type":"Feature","geometry":null}""",
        """{"type":"FeatureCollection","features":[]}""",
        """{"type":"Circle","coordinates":[1,2]}""",
        """{"type":"Point","coordinates":[108.3,28.0],"crs":{"type":"name","properties":{"name":"EPSG:9999"}}}""",
        """{"type":"Point","coordinates":[108.3,28.0],"crs":{"type":"name","properties":{"name":5}}}""",
        """{"type":"Point","coordinates":[108.3,28.0],"crs":{"type":"name","properties":{"name":"EPSG:4326\u0000"}}}""",
        """{"type":"Point","coordinates":[108.3,28.0],"crs":7}""",
        """{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1]}]}""",
        """{"type":"MultiPolygon","coordinates":[[[[0,0],[1,1]]]]}""",
        """{"type":"LineString","coordinates":[[1,2]]}""",
        """{}""",
        """[]""",
        "\"Point\"",
        """{"type":null}""",
        """{"type":"Polygon","coordinates":[[[0,0],[0,0],[0,0],[0,0]]]}""",
    ];

    public static IEnumerable<Gql> GraphQL()
    {
        const string sec = "sec-a1", leader = "county", admin = "admin";
        // IDs, as literals and as variables, into every kind of field that takes one.
        string[] idQueries =
        [
            "query($id: ID!) { household(id: $id) { id } }",
            "query($id: ID!) { gridCell(id: $id) { id } }",
            "query($id: ID!) { partyMember(id: $id) { id } }",
            "query($id: ID!) { linkProposal(id: $id) { id } }",
            "query($id: ID!) { linkJob(id: $id) { id } }",
            "mutation($id: ID!) { removeTie(id: $id) }",
            "mutation($id: ID!) { deleteGridCell(id: $id, version: 1) }",
            "mutation($id: ID!) { discardLinkProposal(id: $id) { id } }",
            "mutation($id: ID!) { unlinkHousehold(householdId: $id, reason: \"x\") { id } }",
            "mutation($id: ID!) { linkHousehold(householdId: $id, memberId: 1) { id } }",
            "mutation($id: ID!) { linkHousehold(householdId: 1, memberId: $id) { id } }",
            "mutation($id: ID!) { setCellLeader(cellId: $id, memberId: 1) { id } }",
            "mutation($id: ID!) { endHousehold(id: $id, reason: \"迁出\") { id } }",
            "mutation($id: ID!) { mergeGridCells(ids: [$id, 2]) { id } }",
        ];
        foreach (var q in idQueries)
            foreach (var id in BadIds)
                yield return new(sec, q, new { id });
        foreach (var id in new[] { "abc", "99999999999999999999", "1.5" })
            yield return new(leader, $"{{ household(id: \"{id}\") {{ id }} }}");
        yield return new(leader, "{ household(id: 99999999999999999999) { id } }");
        yield return new(leader, "{ gridCell(id: -99999999999999999999999) { id } }");

        // Texts with NUL or beyond any column, into searches, codes and writes.
        string[] textQueries =
        [
            "query($t: String!) { village(code: $t) { code } }",
            "query($t: String!) { households(headName: $t, first: 5) { totalCount } }",
            "query($t: String!) { households(areaCode: $t, first: 5) { totalCount } }",
            "query($t: String!) { partyMembers(areaCode: $t) { totalCount } }",
            "query($t: String!) { coverage(areaCode: $t) { households } }",
            "query($t: String!) { township(code: $t) { code } }",
            "query($t: String!) { importJob(id: $t) { id } }",
            "mutation($t: String!) { endHousehold(id: 1, reason: $t) { id } }",
            "mutation($t: String!) { addTie(memberId: 1, householdId: 2, kind: SOCIAL, relation: $t) { id } }",
            "mutation($t: String!) { addTie(memberId: 1, householdId: 2, kind: SOCIAL, note: $t) { id } }",
            "mutation($t: String!) { unlinkHousehold(householdId: 1, reason: $t) { id } }",
            "mutation($t: String!) { mergeGridCells(ids: [1, 2], name: $t) { id } }",
            "mutation($t: String!) { proposeLinks(villageCode: $t) { id } }",
        ];
        foreach (var q in textQueries)
            foreach (var t in BadTexts)
                yield return new(q.StartsWith("mutation") ? sec : leader, q, new { t });
        yield return new(admin, "query($t: ID!) { importJob(id: $t) { id } }", new { t = "a\0b" });

        // Months.
        string[] monthQueries =
        [
            "query($m: String) { coverage(areaCode: \"520625000000\", month: $m) { households } }",
            "mutation($m: String!) { rateMember(memberId: 2, month: $m, rating: EXCELLENT) { rating } }",
        ];
        foreach (var q in monthQueries)
            foreach (var m in BadMonths)
                yield return new(q.StartsWith("mutation") ? sec : leader, q, new { m });

        // Geometries, into spatial filters and cell writes.
        foreach (var g in BadGeoJson)
        {
            var geo = System.Text.Json.JsonDocument.Parse(g).RootElement;
            yield return new(leader, "query($g: GeoJSON!) { households(within: $g, first: 5) { totalCount } }", new { g = geo });
            yield return new(leader, "query($g: GeoJSON!) { households(dwithin: {geometry: $g, meters: 10}, first: 5) { totalCount } }", new { g = geo });
            yield return new(sec, "mutation($g: GeoJSON!) { createGridCell(input: {villageCode: \"520625101001\", name: \"坏\", geometry: $g}) { cell { id } } }", new { g = geo });
            yield return new(sec, "mutation($g: GeoJSON!) { splitGridCell(id: 1, version: 1, line: $g) { id } }", new { g = geo });
            yield return new(sec, "mutation($g: GeoJSON!) { checkIn(location: $g, coordinateSystem: WGS84) { id } }", new { g = geo });
            yield return new(leader, "query($g: String!) { households(within: $g, first: 5) { totalCount } }", new { g });
        }
        // A cell of 10,001 vertices (a circle), as variables.
        var ring = Enumerable.Range(0, 10_001).Select(i => new[] { 108.32 + 0.01 * Math.Cos(i * 2 * Math.PI / 10_001), 28.05 + 0.01 * Math.Sin(i * 2 * Math.PI / 10_001) }).ToList();
        ring.Add(ring[0]);
        var huge = new { type = "Polygon", coordinates = new[] { ring } };
        yield return new(sec, "mutation($g: GeoJSON!) { createGridCell(input: {villageCode: \"520625101001\", name: \"大\", geometry: $g}) { cell { id } } }", new { g = huge });
        yield return new(leader, "query($g: GeoJSON!) { households(within: $g, first: 5) { totalCount } }", new { g = huge });

        // Weights and settings.
        foreach (var w in new[] { "{blood: 999, perKm: -1e6}", "{perKm: -1}", "{blood: -5}", "{inferred: 2}", "{change: 1e308}", "{social: NaN}" })
            yield return new(sec, $"mutation {{ proposeLinks(villageCode: \"520625101001\", settings: {{weights: {w}}}) {{ id }} }}");
        foreach (var s in new[] { "{maxDistanceMeters: -1}", "{defaultCapacity: -3}", "{maxDistanceMeters: 1e12}", "{migrantCapacity: 2147483648}" })
            yield return new(sec, $"mutation {{ proposeLinks(villageCode: \"520625101001\", settings: {s}) {{ id }} }}");

        // The document itself: syntax, operation kinds, nesting, sizes, variables of the wrong type.
        string[] documents =
        [
            "", " ", "{", "}", "{ }", "query", "query { villages { code } ", "subscription { me { role } }", "subscription S { villages { code } }",
            "mutation { }", "{ nope }", "{ villages { nope } }", "{ villages(first: \"x\") { code } }", "{ households(first: -1) { totalCount } }",
            "{ households(first: 2147483648) { totalCount } }", "{ households(after: \"\\u0000\") { totalCount } }", "{ me { role } } { me { role } }",
            "query A { me { role } } query A { me { role } }", "fragment F on Village { ...F } { villages { ...F } }", "{ villages { ...Missing } }",
            "{ __schema { types { name fields { name type { name ofType { name ofType { name ofType { name ofType { name } } } } } } } } }",
            "{ me { role } } #\0", "{ me(x: 1) { role } }", "{ me { role @skip(if: \"yes\") } }", "{ me { role @nope } }",
            "query($x: Int) { households(first: $x) { totalCount } }", "query($x: Nope) { me { role } }", "query($x: Int!) { me { role } }",
            string.Concat(Enumerable.Repeat("{ villages ", 130)) + "{ code }" + new string('}', 130),
            "{ " + string.Concat(Enumerable.Repeat("me { role } ", 4000)) + "}",
            "{ villages(first: 1) { code " + new string(' ', 40_000) + "} }",
            "query { villages { township { villages { township { villages { township { villages { township { villages { code } } } } } } } } } }",
            "{ households(within: {type: \"Point\", coordinates: [108.3, 28.0, 5]}, first: 1) { totalCount } }",
            "{ households(nearest: {point: {type: \"Point\", coordinates: [108.3, 28.0]}, limit: -1}) { totalCount } }",
            "{ households(dwithin: {geometry: {type: \"Point\", coordinates: [108.3, 28.0]}, meters: 1e309}) { totalCount } }",
            "{ village(code: \"\\u0000\") { code } }", "{ village(code: 520625101001) { code } }",
        ];
        foreach (var d in documents)
        {
            yield return new(leader, d);
            yield return new(null, d);
        }
        yield return new(leader, "query($x: Int) { households(first: $x) { totalCount } }", new { x = "five" });
        yield return new(leader, "query($x: Int) { households(first: $x) { totalCount } }", new { x = 1e20 });
        yield return new(leader, "query($x: String) { village(code: $x) { code } }", new { x = new[] { 1, 2 } });
        yield return new(leader, "query($x: String) { village(code: $x) { code } }", new { x = new { a = 1 } });
    }

    /// <summary>NUL in a path is refused by Kestrel before the app (the test host cannot even send it), so only query strings carry one.</summary>
    public static IEnumerable<Http> Urls()
    {
        string[] layers = ["villages", "cells", "households", "unlinked", "gaps", "nope", "VILLAGES", "..%2f..%2fetc", "a%20b"];
        string[] coords =
        [
            "0/0/0", "-1/0/0", "1/2/0", "1/0/2", "30/0/0", "99999999999/0/0", "a/b/c", "1.5/0/0", "14/99999999999999999999/1",
            "0x1/0/0", " 1/0/0", "14/-1/-1", "2147483647/0/0",
        ];
        foreach (var l in layers)
            foreach (var c in coords)
                yield return new("county", "GET", $"/tiles/{l}/{c}.pbf");
        foreach (var m in BadMonths.Where(m => !m.Contains('\0')).Append("%00").Append("2026-01%00").Append("9999-99"))
            yield return new("county", "GET", $"/tiles/villages/10/836/431.pbf?month={Uri.EscapeDataString(m)}");
        foreach (var c in coords.Take(6)) yield return new(null, "GET", $"/tiles/villages/{c}.pbf");

        // The token endpoint: broken JSON, NUL, huge or missing names.
        string[] logins =
        [
            "", "{", "[]", "null", "\"x\"", "{\"username\": 5}", "{\"username\": \"a\\u0000b\", \"password\": \"x\"}",
            "{\"username\": \"county\", \"password\": \"\\u0000\"}", "{\"username\": null, \"password\": null}",
            "{\"username\": \"" + new string('u', 100_000) + "\", \"password\": \"x\"}", "{\"username\": [\"a\"], \"password\": {}}",
        ];
        foreach (var body in logins) yield return new(null, "POST", "/auth/token", body);

        // The GraphQL endpoint's body itself.
        string[] bodies =
        [
            "", "{", "null", "[]", "\"query\"", "{\"query\": 5}", "{\"query\": null}", "{\"query\": \"{ me { role } }\", \"variables\": \"x\"}",
            "{\"query\": \"{ me { role } }\", \"variables\": [1]}", "{\"query\": \"{ me { role } }\", \"operationName\": 5}",
            "{\"query\": \"{ me { role } }\", \"operationName\": \"Nope\"}", "{\"query\": \"{ me { role } }\", \"extensions\": 1}",
            "{\"query\": \"\\u0000\"}", "{\"query\": \"{ me { role } }\"" + new string(' ', 10) + "garbage",
        ];
        foreach (var body in bodies)
        {
            yield return new("county", "POST", "/graphql", body);
            yield return new(null, "POST", "/graphql", body);
        }

        // Import endpoints: unknown ids and files, and uploads of junk as every kind.
        foreach (var id in new[] { "nope", "..%2F..", new string('a', 300), "1" })
        {
            yield return new("admin", "GET", $"/imports/{id}");
            yield return new("admin", "POST", $"/imports/{id}/confirm");
            yield return new("admin", "GET", $"/imports/{id}/errors.xlsx");
            yield return new("admin", "GET", $"/imports/{id}/preview.geojson");
        }
        foreach (var f in new[] { "nope", "..%2Fsecret.xlsx", "households.exe" })
            yield return new("admin", "GET", $"/imports/templates/{f}");
        byte[][] junk =
        [
            [], [0, 0, 0, 0], "PK\u0003\u0004broken"u8.ToArray(), "户主姓名,村代码\n田\0大明,520625101001\n"u8.ToArray(),
            "\uFEFF户主姓名\n\"unterminated\n"u8.ToArray(), System.Text.Encoding.UTF8.GetBytes(new string(',', 5000)),
        ];
        foreach (var kind in new[] { "households", "members", "ties", "links", "areas", "cells", "nope", "" })
            foreach (var (bytes, i) in junk.Select((b, i) => (b, i)))
                yield return new("admin", "POST", "/imports", Upload: (kind, i % 2 == 0 ? $"junk{i}.csv" : $"junk{i}.xlsx", bytes));
        yield return new("county", "GET", "/viewer/first-map?path=%00");
        yield return new("county", "GET", "/viewer/first-map?path=" + new string('x', 5000));
    }
}
