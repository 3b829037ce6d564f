using GridGov.Persistence.Sql;

namespace GridGov.Api.Infrastructure;

/// <summary>
/// A list that the direct path may answer: a root field, the filters its arguments stand for, its
/// node type, the columns each node field reads, and optionally one related object per row (a
/// cell's leader) read in the same statement, and fields of rows hanging from each row (<see cref="DirectChild"/>)
/// read in the same round trip. Feature folders declare theirs. Rows are always
/// limited to the caller's area (the entity's VillageCode), as <see cref="Visibility"/> does.
/// </summary>
/// <param name="Required">At least one of these arguments must be given (else the usual path answers, with its error).</param>
/// <param name="EndProperty">
/// Rows that end (a household's 注销, <c>EndedAt</c>): the list shows those not ended now, as the usual path
/// does, unless a <see cref="DirectArgument.IncludeEnded"/> argument is true.
/// </param>
public sealed record DirectList(string Field, Type Entity, string Alias, IProjection Columns, bool Paged,
    IReadOnlyDictionary<string, DirectArgument> Arguments, int MaxRows = 5000, DirectRelation? Relation = null, string[]? Required = null,
    string? EndProperty = null, IReadOnlyList<DirectChild>? Children = null);

/// <summary>What an argument of a <see cref="DirectList"/> filters; a null value filters nothing.</summary>
public abstract record DirectArgument
{
    /// <summary>villageCode: the rows of that village (a malformed code goes the usual way, for its error).</summary>
    public sealed record Village(string Property) : DirectArgument;

    /// <summary>areaCode: the rows inside a county, township or village the caller may read.</summary>
    public sealed record Area(string Property) : DirectArgument;

    /// <summary>property = the value (an enum such as a member's status).</summary>
    public sealed record Equal(string Property) : DirectArgument;

    /// <summary>property ≥ the value (changedSince).</summary>
    public sealed record AtLeast(string Property) : DirectArgument;

    /// <summary>unlinked: true, only rows with no open <paramref name="Other"/> (a current link); false, only rows with one.</summary>
    public sealed record Without(Type Other, string ForeignKey, string OpenEnd) : DirectArgument;

    /// <summary>includeEnded: true, also rows ended before now (history); false or absent, only rows not ended (<see cref="DirectList.EndProperty"/>).</summary>
    public sealed record IncludeEnded : DirectArgument;
}

/// <summary>A to-one object field of the node (e.g. <c>leader</c>) read by a join on <paramref name="ForeignKey"/>; visible inside the caller's area.</summary>
public sealed record DirectRelation(string Field, string ForeignKey, Type Entity, string Alias, IProjection Columns);


/// <summary>
/// A field of the node that reads rows hanging from it — a household's <c>currentLink</c>, a member's or a cell's
/// <c>households</c> — read in the same round trip (<see cref="ChildQuery"/>), exactly as the field's loader on the usual
/// path selects them: a single child by left joins in the page statement itself, a list by a second statement. Its fields are columns, plus at most one to-one <paramref name="Relation"/>
/// (a link's member, inside the caller's area). <paramref name="Single"/>: a nullable object (at most one row), else a
/// list; a single child must be kept single by a unique index (the open link: <c>ux_links_current_household</c>).
/// <paramref name="AreaProperty"/>: the child's village code, limited to the caller's area as Visibility does; null
/// when the child is visible exactly when its parent is (a household's link). <paramref name="EndProperty"/>: only
/// children not ended now (a cell's households, as its loader).
/// </summary>
public sealed record DirectChild(string Field, Type Entity, string Alias, IProjection Columns, ChildJoin Join, bool Single,
    string? AreaProperty, string? EndProperty = null, DirectRelation? Relation = null);
