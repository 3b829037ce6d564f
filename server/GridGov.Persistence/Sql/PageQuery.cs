using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace GridGov.Persistence.Sql;

/// <summary>A row of a <see cref="PageQuery"/>: the entity, and its related row when one was asked for (null if none or not visible).</summary>
public readonly record struct PageRow(object Row, object? Related);

/// <summary>A page: its rows, the count of all matching rows (-1 unless asked for), and the rows of each child query in order.</summary>
public sealed record PageResult(List<PageRow> Rows, int Total, IReadOnlyList<ChildRows> Children);

/// <summary>One condition of a <see cref="PageQuery"/>, on a property of the main entity.</summary>
public abstract record RowFilter
{
    /// <summary>property = value (the value as the model holds it: an enum, a string…).</summary>
    public sealed record Equal(string Property, object Value) : RowFilter;

    /// <summary>property starts with the text (area codes: a county or township prefix).</summary>
    public sealed record StartsWith(string Property, string Prefix) : RowFilter;

    /// <summary>property ≥ value.</summary>
    public sealed record AtLeast(string Property, object Value) : RowFilter;

    /// <summary>
    /// Whether a row of <paramref name="Other"/> points here through <paramref name="ForeignKey"/> with
    /// <paramref name="OpenEnd"/> null (a household's current link): <paramref name="Exists"/> true or false.
    /// </summary>
    public sealed record HasOpen(Type Other, string ForeignKey, string OpenEnd, bool Exists) : RowFilter;

    /// <summary>
    /// The row has not ended at the instant: <paramref name="EndProperty"/> is null or later than <paramref name="At"/>
    /// (a household that exists then, <see cref="GridGov.Domain.Households.Household.IsActiveAt"/>).
    /// </summary>
    public sealed record NotEndedAt(string EndProperty, DateTimeOffset At) : RowFilter;
}

/// <summary>
/// One keyset page of rows in id order with only some columns (<see cref="RowShape"/>), filtered by
/// <see cref="RowFilter"/>s, optionally each row with one to-one related row (a cell's leader) joined
/// in the same statement, the count of all matching rows and each row's children (<see cref="ChildQuery"/>)
/// in the same round trip when asked for. This is the API's direct path for its most frequent lists.
/// Statements are built once per combination of filters.
/// </summary>
public sealed class PageQuery
{
    private readonly IModel _model;
    private readonly RowShape _main;
    private readonly RowShape? _related;
    private readonly string? _relatedKey;
    private readonly IReadOnlyList<ChildQuery> _children;
    private readonly ConcurrentDictionary<string, Statements> _statements = new(StringComparer.Ordinal);

    private sealed record Statements(string First, string Next, string Count, string[] ChildrenFirst, string[] ChildrenNext);

    /// <param name="relatedKey">The main entity's foreign key property to <paramref name="related"/> (e.g. LeaderMemberId).</param>
    public PageQuery(IModel model, RowShape main, string? relatedKey = null, RowShape? related = null, IReadOnlyList<ChildQuery>? children = null)
    {
        _model = model;
        _main = main;
        _related = related;
        _relatedKey = related is null ? null : relatedKey ?? throw new ArgumentNullException(nameof(relatedKey));
        _children = children ?? [];
    }

    /// <summary>
    /// Up to <paramref name="limit"/> rows after id <paramref name="after"/>, and the count of all matching
    /// rows when <paramref name="count"/> (else -1). <paramref name="relatedPrefix"/> (the village-code prefix
    /// of the reader's area; a related row outside it is not shown) is required with a related shape.
    /// </summary>
    public async Task<(List<PageRow> Rows, int Total)> ReadAsync(NpgsqlDataSource dataSource, IReadOnlyList<RowFilter> filters,
        long? after, int limit, bool count, string? relatedPrefix, CancellationToken ct)
    {
        var page = await ReadPageAsync(dataSource, filters, after, limit, count, relatedPrefix, default, ct);
        return (page.Rows, page.Total);
    }

    /// <summary>
    /// As <see cref="ReadAsync"/>, with the children of every row read in the same round trip; <paramref name="areaPrefix"/>
    /// limits the related row and the children to the reader's area, <paramref name="now"/> is the instant children must not have ended by.
    /// </summary>
    public async Task<PageResult> ReadPageAsync(NpgsqlDataSource dataSource, IReadOnlyList<RowFilter> filters,
        long? after, int limit, bool count, string? areaPrefix, DateTimeOffset now, CancellationToken ct)
    {
        var relatedPrefix = areaPrefix;
        var statements = _statements.GetOrAdd(Signature(filters), _ => Build(filters));
        var (first, next, countSql) = (statements.First, statements.Next, statements.Count);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var batch = new NpgsqlBatch(conn);
        // Parameters: the filters' values ($1…$n), then the limit, the related prefix, the after id.
        var page = new NpgsqlBatchCommand(after is null ? first : next);
        foreach (var v in Values(filters)) page.Parameters.Add(new NpgsqlParameter { Value = v });
        page.Parameters.Add(new NpgsqlParameter { Value = limit });
        if (_related is not null) page.Parameters.Add(new NpgsqlParameter { Value = relatedPrefix ?? throw new ArgumentNullException(nameof(relatedPrefix)) });
        foreach (var child in _children)
            if (child.Inline) child.AddParameters(page, areaPrefix ?? throw new ArgumentNullException(nameof(areaPrefix)), now);
        if (after is { } id) page.Parameters.Add(new NpgsqlParameter { Value = id });
        batch.BatchCommands.Add(page);
        if (count)
        {
            var c = new NpgsqlBatchCommand(countSql);
            foreach (var v in Values(filters)) c.Parameters.Add(new NpgsqlParameter { Value = v });
            batch.BatchCommands.Add(c);
        }
        // Each child statement: the page's filters, limit and after again (its subquery of ids), then its own.
        for (var i = 0; i < _children.Count; i++)
        {
            if (_children[i].Inline) continue;
            var c = new NpgsqlBatchCommand(after is null ? statements.ChildrenFirst[i] : statements.ChildrenNext[i]);
            foreach (var v in Values(filters)) c.Parameters.Add(new NpgsqlParameter { Value = v });
            c.Parameters.Add(new NpgsqlParameter { Value = limit });
            if (after is { } afterId) c.Parameters.Add(new NpgsqlParameter { Value = afterId });
            _children[i].AddParameters(c, areaPrefix ?? throw new ArgumentNullException(nameof(areaPrefix)), now);
            batch.BatchCommands.Add(c);
        }
        // Sized for a page, not for the limit: a list without paging may allow thousands of rows and return four.
        var rows = new List<PageRow>(Math.Min(limit, 128));
        var total = -1;
        // Inline children, by child index: their columns follow the main and related row's, in child order.
        var inline = new Dictionary<long, List<PageRow>>?[_children.Count];
        for (var i = 0; i < _children.Count; i++) if (_children[i].Inline) inline[i] = new Dictionary<long, List<PageRow>>(Math.Min(limit, 128));
        await using var reader = await batch.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var row = new PageRow(_main.Read(reader, 0)!, _related?.Read(reader, _main.Width));
            rows.Add(row);
            var offset = _main.Width + (_related?.Width ?? 0);
            for (var i = 0; i < _children.Count; i++)
            {
                if (inline[i] is not { } byParent) continue;
                if (_children[i].ReadInline(reader, offset) is { } child)
                {
                    // A unique index keeps an inline child single; two would repeat the parent row and break the page.
                    if (!byParent.TryAdd(_main.Key(row.Row), [child])) throw new InvalidOperationException("An inline child has two rows for one parent.");
                }
                offset += _children[i].InlineWidth;
            }
        }
        if (count && await reader.NextResultAsync(ct) && await reader.ReadAsync(ct)) total = reader.GetInt32(0);
        var children = new List<ChildRows>(_children.Count);
        for (var i = 0; i < _children.Count; i++)
        {
            if (inline[i] is { } byParent) { children.Add(new ChildRows(byParent)); continue; }
            if (!await reader.NextResultAsync(ct)) throw new InvalidOperationException("A child statement returned no result.");
            children.Add(await _children[i].ReadAsync(reader, ct));
        }
        return new PageResult(rows, total, children);
    }

    private static string Signature(IReadOnlyList<RowFilter> filters) => string.Join('|', filters.Select(f => f switch
    {
        RowFilter.Equal e => "=" + e.Property,
        RowFilter.StartsWith s => "^" + s.Property,
        RowFilter.AtLeast a => ">" + a.Property,
        RowFilter.HasOpen h => $"{(h.Exists ? "+" : "-")}{h.Other.Name}.{h.ForeignKey}.{h.OpenEnd}",
        RowFilter.NotEndedAt e => "@" + e.EndProperty,
        _ => throw new NotSupportedException(f.GetType().Name),
    }));

    private IEnumerable<object> Values(IReadOnlyList<RowFilter> filters)
    {
        foreach (var f in filters)
        {
            switch (f)
            {
                case RowFilter.Equal e: yield return ToProvider(e.Property, e.Value); break;
                case RowFilter.StartsWith s: yield return s.Prefix; break;
                case RowFilter.AtLeast a: yield return ToProvider(a.Property, a.Value); break;
                case RowFilter.NotEndedAt e: yield return ToProvider(e.EndProperty, e.At); break;
            }
        }
    }

    // Enums are stored as text: the model's converter gives the stored value. Npgsql writes timestamptz
    // only from UTC, so an offset such as +08:00 is converted (the same instant).
    private object ToProvider(string property, object value)
    {
        if (value is DateTimeOffset t) value = t.ToUniversalTime();
        var p = _model.FindEntityType(_main.ClrType)!.FindProperty(property)!;
        var converter = p.GetValueConverter() ?? p.GetTypeMapping().Converter;
        return converter is null ? value : converter.ConvertToProvider(value)!;
    }

    private Statements Build(IReadOnlyList<RowFilter> filters)
    {
        var a = _main.Alias;
        var conditions = new List<string>();
        var n = 0;
        foreach (var f in filters)
        {
            switch (f)
            {
                case RowFilter.Equal e:
                {
                    var (column, type) = RowShape.ColumnOf(_model, _main.ClrType, a, e.Property);
                    conditions.Add($"{column} = ${++n}::{type}");
                    break;
                }
                case RowFilter.StartsWith s:
                {
                    var (column, _) = RowShape.ColumnOf(_model, _main.ClrType, a, s.Property);
                    conditions.Add(AreaSql.Within(column, $"${++n}"));
                    break;
                }
                case RowFilter.AtLeast at:
                {
                    var (column, type) = RowShape.ColumnOf(_model, _main.ClrType, a, at.Property);
                    conditions.Add($"{column} >= ${++n}::{type}");
                    break;
                }
                case RowFilter.NotEndedAt e:
                {
                    var (column, type) = RowShape.ColumnOf(_model, _main.ClrType, a, e.EndProperty);
                    conditions.Add($"({column} IS NULL OR {column} > ${++n}::{type})");
                    break;
                }
                case RowFilter.HasOpen h:
                {
                    var o = "o" + conditions.Count;
                    var other = _model.FindEntityType(h.Other)!;
                    var (fk, _) = RowShape.ColumnOf(_model, h.Other, o, h.ForeignKey);
                    var (end, _) = RowShape.ColumnOf(_model, h.Other, o, h.OpenEnd);
                    var (id, _) = RowShape.ColumnOf(_model, _main.ClrType, a, "Id");
                    conditions.Add($"{(h.Exists ? "" : "NOT ")}EXISTS (SELECT 1 FROM {other.GetTableName()} {o} WHERE {fk} = {id} AND {end} IS NULL)");
                    break;
                }
            }
        }
        var k = n; // parameters the filters use
        var (mainId, _) = RowShape.ColumnOf(_model, _main.ClrType, a, "Id");
        var select = _main.SelectList;
        var from = $"{_main.Table} {a} {_main.Joins}";
        var limit = $"${++n}";
        if (_related is not null)
        {
            select += ", " + _related.SelectList;
            from += RowShape.LeftJoinInArea(_model, _related, _main.ClrType, a, _relatedKey!, $"${++n}");
        }
        // Single children (a household's current link and its member) as left joins of this statement: no second scan.
        foreach (var child in _children.Where(c => c.Inline))
        {
            var (childSelect, joins) = child.InlineSql(mainId, ref n);
            select += ", " + childSelect;
            from += " " + joins;
        }
        var after = $"${++n}";
        var where = conditions.Count == 0 ? "TRUE" : string.Join(" AND ", conditions);
        // The children's subquery of page ids: the filters ($1…$k), the limit, then the after id (no related prefix).
        var ids = $"SELECT {mainId} FROM {_main.Table} {a} WHERE {where}";
        var idsFirst = $"{ids} ORDER BY {mainId} LIMIT ${k + 1}";
        var idsNext = $"{ids} AND {mainId} > ${k + 2} ORDER BY {mainId} LIMIT ${k + 1}";
        return new Statements(
            $"SELECT {select} FROM {from} WHERE {where} ORDER BY {mainId} LIMIT {limit}",
            $"SELECT {select} FROM {from} WHERE {where} AND {mainId} > {after} ORDER BY {mainId} LIMIT {limit}",
            $"SELECT count(*)::int FROM {_main.Table} {a} WHERE {where}",
            [.. _children.Select(c => c.Inline ? "" : c.Sql(idsFirst, k + 1))],
            [.. _children.Select(c => c.Inline ? "" : c.Sql(idsNext, k + 2))]);
    }
}
