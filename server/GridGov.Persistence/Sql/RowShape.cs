using System.Data.Common;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace GridGov.Persistence.Sql;

/// <summary>
/// Some members of an entity (<c>"HeadName"</c>, <c>"Person.Name"</c>) as columns of a plain SQL
/// statement, and the code that turns a row back into an entity with just those members. Table and
/// column names, store types and value conversions (enums stored as text) come from the EF model,
/// so this cannot drift from the mapping; only no EF query is built, translated or cached per request.
/// A member path may go through one reference navigation (<c>Person.Name</c>): it is joined.
/// </summary>
public sealed class RowShape
{
    private readonly List<Column> _columns = [];
    private readonly List<string> _joins = [];
    private readonly Func<object> _create;
    private readonly Func<object, long> _key;
    private readonly List<Nav> _navs = [];

    private sealed record Column(string Sql, Func<DbDataReader, int, object?> Read, Action<object, object?>? Set, Nav? Nav);

    private sealed class Nav(Action<object, object?> set, Func<object> create)
    {
        public Action<object, object?> SetOnOwner { get; } = set;
        public Func<object> Create { get; } = create;
        public int KeyOrdinal { get; set; }
        public int Index { get; set; }
    }

    public Type ClrType { get; }
    public string Alias { get; }
    public string Table { get; }
    public int Width => _columns.Count;

    /// <summary>Left joins for every navigation (for a shape that is itself left-joined); else inner joins for required ones.</summary>
    public RowShape(IModel model, Type clrType, string alias, IEnumerable<string> members, bool optional = false)
    {
        var entity = model.FindEntityType(clrType) ?? throw new ArgumentException($"{clrType.Name} is not mapped.");
        ClrType = clrType;
        Alias = alias;
        Table = entity.GetTableName()!;
        _create = Factory(clrType);
        var navs = new Dictionary<string, (IEntityType Target, string Alias, Nav Nav)>(StringComparer.Ordinal);
        // The key comes first: a null key is a missing row of a left join (see Read).
        var key = entity.FindPrimaryKey()!.Properties[0];
        _columns.Add(ColumnOf(key, alias, null));
        var o = Expression.Parameter(typeof(object));
        _key = Expression.Lambda<Func<object, long>>(Expression.Convert(Expression.Property(Expression.Convert(o, clrType), key.PropertyInfo!), typeof(long)), o).Compile();
        foreach (var path in members.Where(m => m != key.Name).Distinct(StringComparer.Ordinal).OrderBy(m => m, StringComparer.Ordinal))
        {
            var dot = path.IndexOf('.');
            if (dot < 0)
            {
                var p = entity.FindProperty(path) ?? throw new ArgumentException($"{clrType.Name}.{path} is not a mapped property.");
                _columns.Add(ColumnOf(p, alias, null));
                continue;
            }
            var navName = path[..dot];
            if (!navs.TryGetValue(navName, out var n))
            {
                var navigation = entity.FindNavigation(navName) ?? throw new ArgumentException($"{clrType.Name}.{navName} is not a navigation.");
                if (navigation.IsCollection) throw new ArgumentException($"{clrType.Name}.{navName} is a collection.");
                var target = navigation.TargetEntityType;
                var navAlias = alias + "_" + navName.ToLowerInvariant();
                var fk = navigation.ForeignKey;
                var on = string.Join(" AND ", fk.Properties.Zip(fk.PrincipalKey.Properties,
                    (d, pk) => $"{navAlias}.{pk.GetColumnName()} = {alias}.{d.GetColumnName()}"));
                _joins.Add($"{(optional || !fk.IsRequired ? "LEFT JOIN" : "JOIN")} {target.GetTableName()} {navAlias} ON {on}");
                var prop = clrType.GetProperty(navName)!;
                var nav = new Nav(Setter(prop), Factory(target.ClrType));
                // The principal key tells a missing related row (left join) from one with null members.
                nav.KeyOrdinal = _columns.Count;
                nav.Index = _navs.Count;
                _columns.Add(ColumnOf(target.FindPrimaryKey()!.Properties[0], navAlias, nav));
                _navs.Add(nav);
                n = (target, navAlias, nav);
                navs[navName] = n;
            }
            var member = n.Target.FindProperty(path[(dot + 1)..]) ?? throw new ArgumentException($"{path} is not a mapped property.");
            _columns.Add(ColumnOf(member, n.Alias, n.Nav));
        }
    }

    /// <summary>The id of an entity this shape read.</summary>
    public long Key(object entity) => _key(entity);

    /// <summary>The select list, in the order <see cref="Read"/> expects.</summary>
    public string SelectList => string.Join(", ", _columns.Select(c => c.Sql));

    /// <summary>The joins the member paths need, after <c>FROM table alias</c>.</summary>
    public string Joins => string.Join(" ", _joins);

    /// <summary>The qualified column of a property, with its store type for parameter casts (a bpchar column needs a bpchar parameter to use its index).</summary>
    /// <summary>
    /// A to-one related row (a link's member, a cell's leader) left-joined to its owner by <paramref name="key"/>, and only
    /// inside the reader's area (<paramref name="areaParameter"/>): outside it the row reads as null, as its loader does.
    /// </summary>
    public static string LeftJoinInArea(IModel model, RowShape related, Type ownerType, string ownerAlias, string key, string areaParameter)
    {
        var (fk, _) = ColumnOf(model, ownerType, ownerAlias, key);
        var (id, _) = ColumnOf(model, related.ClrType, related.Alias, "Id");
        var (village, _) = ColumnOf(model, related.ClrType, related.Alias, "VillageCode");
        return $" LEFT JOIN {related.Table} {related.Alias} ON {id} = {fk} AND {AreaSql.Within(village, areaParameter)} {related.Joins}";
    }

    public static (string Column, string StoreType) ColumnOf(IModel model, Type clrType, string alias, string property)
    {
        var p = model.FindEntityType(clrType)!.FindProperty(property) ?? throw new ArgumentException($"{clrType.Name}.{property} is not mapped.");
        return ($"{alias}.{p.GetColumnName()}", p.GetColumnType());
    }

    /// <summary>The entity of the row's columns from <paramref name="offset"/> on; null when its first column (the key) is null.</summary>
    public object? Read(DbDataReader reader, int offset)
    {
        if (reader.IsDBNull(offset)) return null;
        var entity = _create();
        // The navigations' objects of this row, by nav index: a nav's key column comes before its members.
        var related = _navs.Count == 0 ? null : new object?[_navs.Count];
        for (var i = 0; i < _columns.Count; i++)
        {
            var c = _columns[i];
            var value = reader.IsDBNull(offset + i) ? null : c.Read(reader, offset + i);
            if (c.Nav is { } nav)
            {
                if (i == nav.KeyOrdinal)
                {
                    var target = value is null ? null : nav.Create();
                    related![nav.Index] = target;
                    nav.SetOnOwner(entity, target);
                }
                if (c.Set is not null && related![nav.Index] is { } owner) c.Set(owner, value);
            }
            else c.Set?.Invoke(entity, value);
        }
        return entity;
    }

    private static Column ColumnOf(IProperty p, string alias, Nav? nav)
    {
        var mapping = p.GetTypeMapping();
        var converter = p.GetValueConverter() ?? mapping.Converter;
        var providerType = Nullable.GetUnderlyingType(converter?.ProviderClrType ?? p.ClrType) ?? converter?.ProviderClrType ?? p.ClrType;
        var read = Reader(providerType);
        Func<DbDataReader, int, object?> convert = converter is null ? read : (r, i) => converter.ConvertFromProvider(read(r, i));
        var prop = p.PropertyInfo;
        return new Column($"{alias}.{p.GetColumnName()}", convert, prop is null ? null : Setter(prop), nav);
    }

    // GetFieldValue<T> reads the provider's own type (DateOnly, DateTimeOffset, NTS geometries), not GetValue's default.
    private static Func<DbDataReader, int, object?> Reader(Type type)
    {
        var r = Expression.Parameter(typeof(DbDataReader));
        var i = Expression.Parameter(typeof(int));
        var call = Expression.Call(r, typeof(DbDataReader).GetMethod(nameof(DbDataReader.GetFieldValue))!.MakeGenericMethod(type), i);
        return Expression.Lambda<Func<DbDataReader, int, object?>>(Expression.Convert(call, typeof(object)), r, i).Compile();
    }

    private static Action<object, object?> Setter(PropertyInfo prop)
    {
        var target = Expression.Parameter(typeof(object));
        var value = Expression.Parameter(typeof(object));
        var assign = Expression.Assign(Expression.Property(Expression.Convert(target, prop.DeclaringType!), prop),
            Expression.Convert(value, prop.PropertyType));
        return Expression.Lambda<Action<object, object?>>(assign, target, value).Compile();
    }

    // Entities have `required` members; the row sets them, so construct without the initializer check.
    private static Func<object> Factory(Type type) =>
        Expression.Lambda<Func<object>>(Expression.Convert(Expression.New(type), typeof(object))).Compile();
}
