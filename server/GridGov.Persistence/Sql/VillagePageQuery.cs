using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace GridGov.Persistence.Sql;

/// <summary>A row of a <see cref="VillagePageQuery"/>: the entity, and its related row when one was asked for (null if none or not visible).</summary>
public readonly record struct PageRow(object Row, object? Related);

/// <summary>
/// One keyset page of a village's rows in id order, with only some columns (<see cref="RowShape"/>),
/// optionally each with one to-one related row (a cell's leader) joined in the same statement, and
/// the count of all the village's rows in the same round trip when asked for. This is the API's
/// direct path for its most frequent lists; its filter is exactly `village_code = $1`.
/// </summary>
public sealed class VillagePageQuery
{
    private readonly RowShape _main;
    private readonly RowShape? _related;
    private readonly string _first;
    private readonly string _next;
    private readonly string _count;

    /// <param name="relatedKey">The main entity's foreign key property to <paramref name="related"/> (e.g. LeaderMemberId).</param>
    public VillagePageQuery(IModel model, RowShape main, string? relatedKey = null, RowShape? related = null)
    {
        _main = main;
        _related = related;
        var a = main.Alias;
        var (village, villageType) = RowShape.ColumnOf(model, main.ClrType, a, "VillageCode");
        var (id, _) = RowShape.ColumnOf(model, main.ClrType, a, "Id");
        var select = main.SelectList;
        var from = $"{main.Table} {a} {main.Joins}";
        if (related is not null && relatedKey is not null)
        {
            var r = related.Alias;
            var (fk, _) = RowShape.ColumnOf(model, main.ClrType, a, relatedKey);
            var (rid, _) = RowShape.ColumnOf(model, related.ClrType, r, "Id");
            var (rVillage, _) = RowShape.ColumnOf(model, related.ClrType, r, "VillageCode");
            select += ", " + related.SelectList;
            // $3: the village-code prefix of the caller's area; a related row outside it is not shown.
            from += $" LEFT JOIN {related.Table} {r} ON {rid} = {fk} AND starts_with({rVillage}, $3) {related.Joins}";
        }
        var where = $"{village} = $1::{villageType}";
        var afterParam = related is null ? "$3" : "$4";
        _first = $"SELECT {select} FROM {from} WHERE {where} ORDER BY {id} LIMIT $2";
        _next = $"SELECT {select} FROM {from} WHERE {where} AND {id} > {afterParam} ORDER BY {id} LIMIT $2";
        _count = $"SELECT count(*)::int FROM {main.Table} {a} WHERE {where}";
    }

    /// <summary>
    /// Up to <paramref name="limit"/> rows after id <paramref name="after"/>, and the village's row count
    /// when <paramref name="count"/> (else -1). <paramref name="relatedPrefix"/> is required with a related shape.
    /// </summary>
    public async Task<(List<PageRow> Rows, int Total)> ReadAsync(NpgsqlDataSource dataSource, string villageCode, long? after, int limit,
        bool count, string? relatedPrefix, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var batch = new NpgsqlBatch(conn);
        var page = new NpgsqlBatchCommand(after is null ? _first : _next);
        page.Parameters.Add(new NpgsqlParameter { Value = villageCode });
        page.Parameters.Add(new NpgsqlParameter { Value = limit });
        if (_related is not null) page.Parameters.Add(new NpgsqlParameter { Value = relatedPrefix ?? throw new ArgumentNullException(nameof(relatedPrefix)) });
        if (after is { } id) page.Parameters.Add(new NpgsqlParameter { Value = id });
        batch.BatchCommands.Add(page);
        if (count)
        {
            var c = new NpgsqlBatchCommand(_count);
            c.Parameters.Add(new NpgsqlParameter { Value = villageCode });
            batch.BatchCommands.Add(c);
        }
        var rows = new List<PageRow>(Math.Min(limit, 1024));
        var total = -1;
        await using var reader = await batch.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            rows.Add(new PageRow(_main.Read(reader, 0)!, _related?.Read(reader, _main.Width)));
        if (count && await reader.NextResultAsync(ct) && await reader.ReadAsync(ct)) total = reader.GetInt32(0);
        return (rows, total);
    }
}
