using System.Text;
using GridGov.Api.Infrastructure;
using GridGov.Domain.Access;

namespace GridGov.Api.Auth;

/// <summary>How much of a root field or tile layer a kind of caller gets.</summary>
public enum AccessLevel
{
    /// <summary>Refused before anything runs (FORBIDDEN).</summary>
    Never,
    /// <summary>Only the caller's own records: a member's households, links, report; a cadre's check-ins.</summary>
    OwnRecords,
    /// <summary>Everything inside the caller's area (county, township or village by code prefix).</summary>
    OwnArea,
    /// <summary>No area filter at all (the schema itself).</summary>
    All,
}

/// <summary>The columns of the table: the roles of people, and API keys by scope.</summary>
public enum AccessColumn { PartyMember, Cadre, BranchSecretary, TownshipLeader, CountyLeader, CountyAdmin, KeyRead, KeyWrite }

/// <summary>
/// Who may use which root field and tile layer — the one table behind <see cref="AuthorizationRule"/>, the tile
/// endpoint and the table in docs/api.md. A root field missing here is refused to everyone, so a new field must
/// be placed in it (the schema walk in AccessTableTests fails until it is). Area and record filters themselves
/// stay in the resolvers (<see cref="Visibility"/>); this table says which of them applies.
/// </summary>
public static class AccessTable
{
    public enum Kind { Query, Mutation, Tile, Ogc, Export }

    public sealed record Row(Kind Kind, string Name, IReadOnlyList<AccessLevel> Cells)
    {
        public AccessLevel For(AccessColumn column) => Cells[(int)column];
    }

    // Columns: member · cadre · secretary · township · county · county-admin · key read · key write.
    // Letters: - never, o own records, a own area, * all.
    private const string
        Readers = "o a a a a a a a",     // area-filtered lists; a member sees their own records
        Areas = "a a a a a a a a",       // areas are the map's context for everyone
        Writers = "- - a - - - - a",     // village data: its secretary, a `write` key
        Roster = "- - a - - a - a",      // households and members: also the organisation department
        Leaders = "- a a a a a a a";     // figures about people and places, not for members

    private static readonly (Kind, string, string)[] Source =
    [
        (Kind.Query, "county", Areas),
        (Kind.Query, "township", Areas),
        (Kind.Query, "townships", Areas),
        (Kind.Query, "village", Areas),
        (Kind.Query, "villages", Areas),
        (Kind.Query, "auditEvents", "- - a a a - a a"),
        (Kind.Query, "gridCell", Readers),
        (Kind.Query, "gridCells", Readers),
        (Kind.Query, "cadreCompliance", "- o a a a a a a"),
        (Kind.Query, "checkIns", "- o a a a a a a"),
        (Kind.Query, "workLog", "- o a a a a a a"),
        (Kind.Query, "workLedger", "- o a a a a a a"),
        (Kind.Query, "coverage", Leaders),
        (Kind.Query, "household", Readers),
        (Kind.Query, "households", Readers),
        (Kind.Query, "importJob", "- - - - - a - -"),
        (Kind.Query, "importJobs", "- - - - - a - -"),
        (Kind.Query, "linkProposal", Leaders),
        (Kind.Query, "linkProposals", Leaders),
        (Kind.Query, "linkJob", "- - - a a - a a"),
        (Kind.Query, "links", Readers),
        (Kind.Query, "me", "o o o o o o o o"),
        (Kind.Query, "partyMember", Readers),
        (Kind.Query, "partyMembers", Readers),
        (Kind.Query, "reviewQueue", Leaders),
        // The policy's public board (支部活动日展示): names and counts of the member's own branch, no homes, no kinship.
        (Kind.Query, "branchBoard", Areas),
        (Kind.Query, "memberReport", Readers),
        (Kind.Query, "ranking", "- - a a a a a a"),
        // Cadre assessment (docs/assessment.md): leaders, the organisation department and keys; a township sees its own rows.
        (Kind.Query, "cadreRanking", "- - - a a a a a"),
        (Kind.Query, "cadreWeights", "- - - a a a a a"),
        (Kind.Query, "quarterAssessment", "- - - a a a a a"),
        (Kind.Query, "monthlyDispatches", "- - - a a a a a"),
        // 结对帮扶: a village's secretary reads it, a cadre their own pairings; leaders and `write` keys pair.
        (Kind.Query, "pairings", "- o a a a a a a"),
        (Kind.Query, "pairingProposal", "- - - a a - a a"),
        (Kind.Query, "pairingCoverage", "- - a a a a a a"),
        (Kind.Query, "pairingMap", "- o a a a a a a"),
        (Kind.Query, "pairingSettings", "- a a a a a a a"),
        (Kind.Query, "editHistory", Writers),
        // The county's cadre roster (the /cadres page): leaders and keys read it, the organisation department keeps it.
        (Kind.Query, "cadres", "- - - a a a a a"),

        (Kind.Mutation, "setCellLeader", Writers),
        (Kind.Mutation, "createGridCell", Writers),
        (Kind.Mutation, "updateGridCell", Writers),
        (Kind.Mutation, "deleteGridCell", Writers),
        (Kind.Mutation, "splitGridCell", Writers),
        (Kind.Mutation, "mergeGridCells", Writers),
        (Kind.Mutation, "fillGridGap", Writers),
        (Kind.Mutation, "undoEdit", Writers),
        (Kind.Mutation, "redoEdit", Writers),
        (Kind.Mutation, "checkIn", "- o - - - - - -"),
        (Kind.Mutation, "postWorkLog", "- o - - - - - -"),
        (Kind.Mutation, "setCadreRequiredDays", "- - - - - a - -"),
        (Kind.Mutation, "createCadre", "- - - - - a - -"),
        (Kind.Mutation, "postCadre", "- - - - - a - -"),
        (Kind.Mutation, "endCadrePosting", "- - - - - a - -"),
        (Kind.Mutation, "issueCadrePassword", "- - - - - a - -"),
        (Kind.Mutation, "revokeCadreSessions", "- - - - - a - -"),
        (Kind.Mutation, "setCadreWeights", "- - - - - a - -"),
        (Kind.Mutation, "setCadreManualScore", "- - - a - - - -"),
        (Kind.Mutation, "closeAssessmentQuarter", "- - - - a - - -"),
        (Kind.Mutation, "recordMonthlyDispatch", "- - - a - - - -"),
        (Kind.Mutation, "setPairingSettings", "- - - - - a - -"),
        (Kind.Mutation, "proposePairings", "- - - a a - - a"),
        (Kind.Mutation, "applyPairingProposal", "- - - a a - - a"),
        (Kind.Mutation, "discardPairingProposal", "- - - a a - - a"),
        (Kind.Mutation, "pairHousehold", "- - - a a - - a"),
        (Kind.Mutation, "unpairHousehold", "- - - a a - - a"),
        (Kind.Mutation, "endHousehold", Roster),
        (Kind.Mutation, "splitHousehold", Roster),
        (Kind.Mutation, "createHousehold", Roster),
        (Kind.Mutation, "updateHousehold", Roster),
        (Kind.Mutation, "proposeLinks", "- - a a a - - a"),
        (Kind.Mutation, "proposeTransfer", "- - a a a - - a"),
        (Kind.Mutation, "applyLinkProposal", Writers),
        (Kind.Mutation, "discardLinkProposal", Writers),
        (Kind.Mutation, "startLinkJob", "- - - a a - - a"),
        (Kind.Mutation, "linkHousehold", Writers),
        (Kind.Mutation, "unlinkHousehold", Writers),
        (Kind.Mutation, "setLinkLocked", Writers),
        (Kind.Mutation, "addTie", Writers),
        (Kind.Mutation, "removeTie", Writers),
        (Kind.Mutation, "addMember", Roster),
        (Kind.Mutation, "updateMember", Roster),
        (Kind.Mutation, "moveMember", Roster),
        (Kind.Mutation, "submitDeclaration", "o - o - - - - -"),
        (Kind.Mutation, "updateDeclaration", "o - o - - - - -"),
        (Kind.Mutation, "withdrawDeclaration", "o - o - - - - -"),
        (Kind.Mutation, "reviewDeclaration", "- - a - - - - -"),
        (Kind.Mutation, "rateMember", "- - a - - - - -"),
        (Kind.Mutation, "withdrawRating", "- - a - - - - -"),

        (Kind.Tile, "villages", Leaders),
        (Kind.Tile, "cells", Readers),
        (Kind.Tile, "households", Readers),
        (Kind.Tile, "unlinked", Readers),
        (Kind.Tile, "gaps", Leaders),

        // OGC API – Features collections (/ogc): the same levels as the GraphQL lists they mirror.
        (Kind.Ogc, "townships", Areas),
        (Kind.Ogc, "villages", Areas),
        (Kind.Ogc, "cells", Readers),
        (Kind.Ogc, "households", Readers),
        (Kind.Ogc, "members", Readers),
        (Kind.Ogc, "links", Readers),

        // GET /exports/{kind}: whole rosters of an area, so no party member; cadres get the map context only.
        (Kind.Export, "households", "- - a a a a a a"),
        (Kind.Export, "members", "- - a a a a a a"),
        (Kind.Export, "links", "- - a a a a a a"),
        (Kind.Export, "ties", "- - a a a a a a"),
        (Kind.Export, "cells", "- a a a a a a a"),
        (Kind.Export, "areas", Areas),
        (Kind.Export, "coverage", Leaders),
        (Kind.Export, "declarations", Leaders),
        // The board is public to the branch (as the branchBoard field), but a roster of an area: members keep to the viewer.
        (Kind.Export, "board", Leaders),
        // As the GraphQL ranking field: leaders, secretaries and keys; not members or cadres.
        (Kind.Export, "ranking", "- - a a a a a a"),
        // As cadreRanking; the ledgers as cadreCompliance and workLedger, but whole areas: not a cadre's own row.
        (Kind.Export, "cadre-ranking", "- - - a a a a a"),
        (Kind.Export, "attendance-ledger", "- - a a a a a a"),
        (Kind.Export, "work-ledger", "- - a a a a a a"),
    ];

    public static readonly IReadOnlyList<Row> Rows = [.. Source.Select(s => new Row(s.Item1, s.Item2, Parse(s.Item2, s.Item3)))];

    private static readonly Dictionary<(Kind, string), Row> ByName = Rows.ToDictionary(r => (r.Kind, r.Name));

    private static AccessLevel[] Parse(string name, string cells)
    {
        var parts = cells.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != Enum.GetValues<AccessColumn>().Length) throw new InvalidOperationException($"access row {name}: {parts.Length} columns");
        return [.. parts.Select(p => p switch
        {
            "-" => AccessLevel.Never, "o" => AccessLevel.OwnRecords, "a" => AccessLevel.OwnArea, "*" => AccessLevel.All,
            _ => throw new InvalidOperationException($"access row {name}: unknown cell '{p}'"),
        })];
    }

    /// <summary>The caller's column; null for a key without any scope (it may read nothing).</summary>
    public static AccessColumn? ColumnOf(Caller caller) => caller.Role switch
    {
        Role.PartyMember => AccessColumn.PartyMember,
        Role.Cadre => AccessColumn.Cadre,
        Role.BranchSecretary => AccessColumn.BranchSecretary,
        Role.TownshipLeader => AccessColumn.TownshipLeader,
        Role.CountyLeader => AccessColumn.CountyLeader,
        Role.CountyAdmin => AccessColumn.CountyAdmin,
        Role.System when caller.Scopes.Contains("write") => AccessColumn.KeyWrite,
        Role.System when caller.Scopes.Overlaps(["read", "read-pii"]) => AccessColumn.KeyRead,
        _ => null,
    };

    /// <summary>What the caller gets of a root field or layer; anything not in the table is never.</summary>
    public static AccessLevel Of(Caller caller, Kind kind, string name) =>
        ColumnOf(caller) is { } column && ByName.TryGetValue((kind, name), out var row) ? row.For(column) : AccessLevel.Never;

    public static bool Contains(Kind kind, string name) => ByName.ContainsKey((kind, name));

    private static readonly string[] Headers =
        ["party member", "cadre", "branch secretary", "township leader", "county leader", "county admin", "key `read`", "key `write`"];

    private static string Word(AccessLevel a) => a switch
    {
        AccessLevel.Never => "never", AccessLevel.OwnRecords => "own records", AccessLevel.OwnArea => "own area", _ => "all",
    };

    /// <summary>The table as Markdown, for docs/api.md (a test keeps the two equal).</summary>
    public static string Markdown()
    {
        var sb = new StringBuilder();
        sb.Append("| field | ").AppendJoin(" | ", Headers).Append(" |\n");
        sb.Append("|---|").Append(string.Concat(Enumerable.Repeat("---|", Headers.Length))).Append('\n');
        foreach (var row in Rows)
        {
            var label = row.Kind switch
            {
                Kind.Query => $"`{row.Name}`", Kind.Mutation => $"mutation `{row.Name}`", Kind.Ogc => $"ogc `{row.Name}`",
                Kind.Export => $"export `{row.Name}`", _ => $"tiles `{row.Name}`",
            };
            sb.Append("| ").Append(label).Append(" | ").AppendJoin(" | ", row.Cells.Select(Word)).Append(" |\n");
        }
        sb.Append("| `__schema`, `__type` (introspection) | ").AppendJoin(" | ", Headers.Select(_ => Word(AccessLevel.All))).Append(" |\n");
        return sb.ToString();
    }
}
