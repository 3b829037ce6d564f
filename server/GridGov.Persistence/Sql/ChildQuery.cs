using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace GridGov.Persistence.Sql;

/// <summary>How the rows of a <see cref="ChildQuery"/> hang from the rows of their parent page.</summary>
public abstract record ChildJoin
{
    /// <summary>child.ForeignKey = parent id (a cell's households, a household's links); with <paramref name="OpenEnd"/>, only rows where it is null (the current link).</summary>
    public sealed record ByKey(string ForeignKey, string? OpenEnd = null) : ChildJoin;

    /// <summary>
    /// Through a row of <paramref name="Via"/> still open (<paramref name="OpenEnd"/> null) with via.ParentKey = parent id and
    /// via.ChildKey = child id: a member's households through the member's current links.
    /// </summary>
    public sealed record Through(Type Via, string ParentKey, string ChildKey, string OpenEnd) : ChildJoin;
}

/// <summary>The rows of one <see cref="ChildQuery"/> for a page, by parent id, each list in child id order.</summary>
public sealed class ChildRows(Dictionary<long, List<PageRow>> byParent)
{
    private static readonly List<PageRow> None = [];

    public IReadOnlyList<PageRow> Of(long parentId) => byParent.TryGetValue(parentId, out var rows) ? rows : None;
}

/// <summary>
/// The related rows of every row of a <see cref="PageQuery"/> page (a household's current link, a member's or a cell's
/// households). A single child (the current link) is left-joined into the page statement (<see cref="Inline"/>); a list
/// is read by a second statement of the same round trip: the page's own condition, order and limit as a
/// subquery of ids, joined to the children (a lateral step per relation, written as a join). Children are limited to
/// the reader's area by <c>areaProperty</c> (null: visible as their parent is), to rows not ended now by
/// <c>endProperty</c>, and may each bring one to-one related row (a link's member), visible inside the area only.
/// </summary>
public sealed class ChildQuery
{
    private readonly IModel _model;
    private readonly RowShape _child;
    private readonly ChildJoin _join;
    private readonly string? _areaProperty;
    private readonly string? _endProperty;
    private readonly RowShape? _related;
    private readonly string? _relatedKey;

    /// <param name="single">
    /// At most one child per parent by a unique index (a household's open link: <c>ux_links_current_household</c>): it is
    /// left-joined into the page statement itself (<see cref="Inline"/>, <see cref="InlineSql"/>), with no second statement
    /// that would run the page again as its subquery. The shape must then be optional (left joins for its navigations).
    /// </param>
    public ChildQuery(IModel model, RowShape child, ChildJoin join, string? areaProperty, string? endProperty = null,
        string? relatedKey = null, RowShape? related = null, bool single = false)
    {
        _model = model;
        _child = child;
        _join = join;
        _areaProperty = areaProperty;
        _endProperty = endProperty;
        _related = related;
        _relatedKey = related is null ? null : relatedKey ?? throw new ArgumentNullException(nameof(relatedKey));
        Inline = single && join is ChildJoin.ByKey;
    }

    /// <summary>Read in the page statement by left joins (<see cref="InlineSql"/>), not by a statement of its own.</summary>
    public bool Inline { get; }

    /// <summary>Columns of the page statement this child adds (its row, then its related row), for <see cref="ReadInline"/>.</summary>
    public int InlineWidth => _child.Width + (_related?.Width ?? 0);

    /// <summary>
    /// For an <see cref="Inline"/> child: its select list and its left joins to the page's <paramref name="parentId"/>
    /// column; every condition is in the joins, so a parent without a child keeps its row. Its parameters are numbered
    /// from <paramref name="used"/> + 1, in the order <see cref="AddParameters"/> adds them; <paramref name="used"/> ends after them.
    /// </summary>
    public (string Select, string Joins) InlineSql(string parentId, ref int used)
    {
        if (!Inline) throw new InvalidOperationException("Not an inline child.");
        var key = (ChildJoin.ByKey)_join;
        var c = _child.Alias;
        var (fk, _) = RowShape.ColumnOf(_model, _child.ClrType, c, key.ForeignKey);
        var on = new List<string> { $"{fk} = {parentId}" };
        if (key.OpenEnd is { } end) on.Add($"{RowShape.ColumnOf(_model, _child.ClrType, c, end).Column} IS NULL");
        if (_areaProperty is not null)
            on.Add(AreaSql.Within(RowShape.ColumnOf(_model, _child.ClrType, c, _areaProperty).Column, $"${++used}"));
        if (_endProperty is not null)
        {
            var (column, type) = RowShape.ColumnOf(_model, _child.ClrType, c, _endProperty);
            on.Add($"({column} IS NULL OR {column} > ${++used}::{type})");
        }
        var select = _child.SelectList;
        var joins = $"LEFT JOIN {_child.Table} {c} ON {string.Join(" AND ", on)} {_child.Joins}";
        if (_related is not null)
        {
            select += ", " + _related.SelectList;
            joins += RowShape.LeftJoinInArea(_model, _related, _child.ClrType, c, _relatedKey!, $"${++used}");
        }
        return (select, joins);
    }

    /// <summary>An <see cref="Inline"/> child of the page row the reader is on, from <paramref name="offset"/>: null when it has none.</summary>
    public PageRow? ReadInline(NpgsqlDataReader reader, int offset) =>
        _child.Read(reader, offset) is { } row ? new PageRow(row, _related?.Read(reader, offset + _child.Width)) : null;

    /// <summary>
    /// The statement for a page whose ids come from <paramref name="pageIds"/> (a subquery selecting one column <c>id</c>,
    /// using parameters $1…$<paramref name="used"/>); its own parameters follow, in the order <see cref="AddParameters"/> adds them.
    /// </summary>
    public string Sql(string pageIds, int used)
    {
        var c = _child.Alias;
        var n = used;
        var (childId, _) = RowShape.ColumnOf(_model, _child.ClrType, c, "Id");
        var from = $"({pageIds}) p ";
        switch (_join)
        {
            case ChildJoin.ByKey key:
            {
                var (fk, _) = RowShape.ColumnOf(_model, _child.ClrType, c, key.ForeignKey);
                from += $"JOIN {_child.Table} {c} ON {fk} = p.id";
                if (key.OpenEnd is { } end) from += $" AND {RowShape.ColumnOf(_model, _child.ClrType, c, end).Column} IS NULL";
                break;
            }
            case ChildJoin.Through through:
            {
                var v = c + "_via";
                var via = _model.FindEntityType(through.Via)!;
                var (parentKey, _) = RowShape.ColumnOf(_model, through.Via, v, through.ParentKey);
                var (childKey, _) = RowShape.ColumnOf(_model, through.Via, v, through.ChildKey);
                var (end, _) = RowShape.ColumnOf(_model, through.Via, v, through.OpenEnd);
                from += $"JOIN {via.GetTableName()} {v} ON {parentKey} = p.id AND {end} IS NULL JOIN {_child.Table} {c} ON {childId} = {childKey}";
                break;
            }
        }
        from += " " + _child.Joins;
        var conditions = new List<string>();
        if (_areaProperty is not null)
            conditions.Add(AreaSql.Within(RowShape.ColumnOf(_model, _child.ClrType, c, _areaProperty).Column, $"${++n}"));
        if (_endProperty is not null)
        {
            var (column, type) = RowShape.ColumnOf(_model, _child.ClrType, c, _endProperty);
            conditions.Add($"({column} IS NULL OR {column} > ${++n}::{type})");
        }
        var select = "p.id, " + _child.SelectList;
        if (_related is not null)
        {
            select += ", " + _related.SelectList;
            from += RowShape.LeftJoinInArea(_model, _related, _child.ClrType, c, _relatedKey!, $"${++n}");
        }
        var where = conditions.Count == 0 ? "TRUE" : string.Join(" AND ", conditions);
        return $"SELECT {select} FROM {from} WHERE {where} ORDER BY p.id, {childId}";
    }

    /// <summary>This statement's own parameters, after the page's.</summary>
    public void AddParameters(NpgsqlBatchCommand command, string areaPrefix, DateTimeOffset now)
    {
        if (_areaProperty is not null) command.Parameters.Add(new NpgsqlParameter { Value = areaPrefix });
        if (_endProperty is not null) command.Parameters.Add(new NpgsqlParameter { Value = now.ToUniversalTime() });
        if (_related is not null) command.Parameters.Add(new NpgsqlParameter { Value = areaPrefix });
    }

    /// <summary>Reads this statement's result set: rows grouped by their parent's id.</summary>
    public async Task<ChildRows> ReadAsync(NpgsqlDataReader reader, CancellationToken ct)
    {
        var byParent = new Dictionary<long, List<PageRow>>();
        while (await reader.ReadAsync(ct))
        {
            var parent = reader.GetInt64(0);
            if (!byParent.TryGetValue(parent, out var rows)) byParent[parent] = rows = [];
            rows.Add(new PageRow(_child.Read(reader, 1)!, _related?.Read(reader, 1 + _child.Width)));
        }
        return new ChildRows(byParent);
    }
}
