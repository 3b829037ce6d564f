namespace GridGov.Client.Queries;

/// <summary>What the village page writes: cells (draw, fill a gap, reshape, rename, split, merge, delete, leader), links and ties.</summary>
public static class VillageEditQueries
{
    public const string Gaps = "query($code: String!) { coverage(areaCode: $code) { uncoveredAreaM2 uncoveredArea } }";

    public const string FillGap =
        "mutation($code: String!, $p: GeoJSON!, $n: String!) { fillGridGap(villageCode: $code, point: $p, name: $n) { cell { id } notes { message messageEn } } }";

    public const string CreateCell = "mutation($input: CreateGridCellInput!) { createGridCell(input: $input) { cell { id } notes { message messageEn } } }";

    public const string UpdateCell = "mutation($input: UpdateGridCellInput!) { updateGridCell(input: $input) { cell { id } } }";

    public const string DeleteCell = "mutation($id: ID!, $v: Int!) { deleteGridCell(id: $id, version: $v) }";

    public const string SplitCell =
        "mutation($id: ID!, $version: Int!, $line: GeoJSON!) { splitGridCell(id: $id, version: $version, line: $line, crs: EPSG_4326) { id } }";

    public const string MergeCells = "mutation($ids: [ID!]!, $versions: [Int!]) { mergeGridCells(ids: $ids, versions: $versions) { id } }";

    public const string SetLeader = "mutation($c: ID!, $m: ID, $v: Int) { setCellLeader(cellId: $c, memberId: $m, version: $v) { id } }";

    /// <summary>A household to another member by hand; the basis comes from their ties (the server's rule).</summary>
    public const string Relink =
        "mutation($h: ID!, $m: ID!, $o: Boolean) { linkHousehold(householdId: $h, memberId: $m, overCapacity: $o, reason: \"支部书记手动改派\") { id basis } }";

    public const string LockLink = "mutation($h: ID!, $l: Boolean!) { setLinkLocked(householdId: $h, locked: $l) { id } }";

    public const string RemoveTie = "mutation($id: ID!) { removeTie(id: $id) }";

    public const string AddTie = "mutation($m: ID!, $h: ID!, $k: TieKind!, $r: String) { addTie(memberId: $m, householdId: $h, kind: $k, relation: $r) { id } }";

    /// <summary>The caller's undo/redo state in a village, kept on the server (from the audit log).</summary>
    private const string HistoryFields = "canUndo canRedo undo undoEn redo redoEn";

    public const string History = "query($code: String!) { editHistory(villageCode: $code) { " + HistoryFields + " } }";

    public const string Undo = "mutation($code: String!) { undoEdit(villageCode: $code) { " + HistoryFields + " } }";

    public const string Redo = "mutation($code: String!) { redoEdit(villageCode: $code) { " + HistoryFields + " } }";
}
