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
    private readonly Func<object, long> _key;
    private readonly List<Nav> _navs = [];

    private sealed record Column(string Sql, IProperty Property, Nav? Nav);

    private sealed class Nav(PropertyInfo onOwner, Type target)
    {
        public PropertyInfo OnOwner { get; } = onOwner;
        public Type Target { get; } = target;
        public int KeyOrdinal { get; set; }
    }

    private readonly Func<DbDataReader, int, object?> _read;

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
                var nav = new Nav(clrType.GetProperty(navName)!, target.ClrType);
                // The principal key tells a missing related row (left join) from one with null members.
                nav.KeyOrdinal = _columns.Count;
                _columns.Add(ColumnOf(target.FindPrimaryKey()!.Properties[0], navAlias, nav));
                _navs.Add(nav);
                n = (target, navAlias, nav);
                navs[navName] = n;
            }
            var member = n.Target.FindProperty(path[(dot + 1)..]) ?? throw new ArgumentException($"{path} is not a mapped property.");
            _columns.Add(ColumnOf(member, n.Alias, n.Nav));
        }
        _read = CompileRead();
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
    public object? Read(DbDataReader reader, int offset) => _read(reader, offset);

    /// <summary>
    /// One compiled method per shape that reads a row into a new entity: each column by its provider type, through its
    /// value converter's own expression, straight into the property — no boxing and no delegate per column, which was
    /// most of a row's cost on the direct path (docs/benchmarks.md). A null column sets the property to null (an error
    /// where the property cannot be null); a null key of a joined row leaves its navigation null and its members unread.
    /// </summary>
    private Func<DbDataReader, int, object?> CompileRead()
    {
        var r = Expression.Parameter(typeof(DbDataReader), "r");
        var o = Expression.Parameter(typeof(int), "o");
        var entity = Expression.Variable(ClrType, "e");
        var end = Expression.Label(typeof(object));
        var body = new List<Expression>
        {
            Expression.IfThen(IsNull(r, o, 0), Expression.Return(end, Expression.Constant(null))),
            // Entities have `required` members; the row sets them, so they are made without the initializer check.
            Expression.Assign(entity, Expression.New(ClrType)),
        };
        // One local per navigation: its object in this row, null when the joined row is missing.
        var navVariables = _navs.ToDictionary(n => n, n => Expression.Variable(n.Target));
        var variables = new List<ParameterExpression> { entity };
        variables.AddRange(navVariables.Values);
        for (var i = 0; i < _columns.Count; i++)
        {
            var c = _columns[i];
            var navVariable = c.Nav is null ? null : navVariables[c.Nav];
            var owner = navVariable ?? (Expression)entity;
            if (c.Nav is { } nav && i == nav.KeyOrdinal)
            {
                body.Add(Expression.Assign(navVariable!, Expression.Condition(IsNull(r, o, i),
                    Expression.Constant(null, nav.Target), Expression.New(nav.Target))));
                body.Add(Expression.Assign(Expression.Property(entity, nav.OnOwner), navVariable!));
            }
            if (c.Property.PropertyInfo is not { } prop) continue;
            var type = prop.PropertyType;
            // NULL in a column whose property cannot hold it is a fault of the statement or the schema: said, not read as 0.
            Expression ifNull = !type.IsValueType || Nullable.GetUnderlyingType(type) is not null
                ? Expression.Constant(null, type)
                : Expression.Throw(Expression.New(typeof(InvalidOperationException).GetConstructor([typeof(string)])!,
                    Expression.Constant($"{ClrType.Name} row: {c.Sql} is NULL, and {prop.DeclaringType!.Name}.{prop.Name} cannot be.")), type);
            var set = Expression.Assign(Expression.Property(owner, prop),
                Expression.Condition(IsNull(r, o, i), ifNull, Value(c.Property, r, o, i, type)));
            body.Add(navVariable is null ? set : Expression.IfThen(Expression.NotEqual(navVariable, Expression.Constant(null, navVariable.Type)), set));
        }
        body.Add(Expression.Label(end, Expression.Convert(entity, typeof(object))));
        return Expression.Lambda<Func<DbDataReader, int, object?>>(Expression.Block(variables, body), r, o).Compile();
    }

    private static Expression IsNull(ParameterExpression r, ParameterExpression o, int i) =>
        Expression.Call(r, typeof(DbDataReader).GetMethod(nameof(DbDataReader.IsDBNull))!, Expression.Add(o, Expression.Constant(i)));

    // GetFieldValue<T> reads the provider's own type (DateOnly, DateTimeOffset, NTS geometries), not GetValue's default.
    private static Expression Value(IProperty p, ParameterExpression r, ParameterExpression o, int i, Type target)
    {
        var converter = p.GetValueConverter() ?? p.GetTypeMapping().Converter;
        var provider = converter?.ProviderClrType ?? p.ClrType;
        var read = Expression.Call(r, typeof(DbDataReader).GetMethod(nameof(DbDataReader.GetFieldValue))!
            .MakeGenericMethod(Nullable.GetUnderlyingType(provider) ?? provider), Expression.Add(o, Expression.Constant(i)));
        if (converter is null) return Expression.Convert(read, target);
        var model = EnumMemo.For(converter) is { } memo
            ? Expression.Call(Expression.Constant(memo), memo.GetType().GetMethod(nameof(EnumMemo.Memo<DayOfWeek>.Convert))!, read)
            : (Expression)Expression.Invoke(converter.ConvertFromProviderExpression, Expression.Convert(read, converter.ProviderClrType));
        return Expression.Convert(model, target);
    }

    /// <summary>
    /// Enums stored as text: each stored name looked up instead of parsed on every row. Only the pairs the converter itself
    /// gives both ways are kept; any other text still goes through the converter.
    /// </summary>
    private static class EnumMemo
    {
        public static object? For(Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter converter)
        {
            var model = converter.ModelClrType;
            if (converter.ProviderClrType != typeof(string) || !(Nullable.GetUnderlyingType(model) ?? model).IsEnum) return null;
            return Activator.CreateInstance(typeof(Memo<>).MakeGenericType(model), converter);
        }

        public sealed class Memo<TModel>
        {
            private readonly Func<string, TModel> _convert;
            private readonly System.Collections.Frozen.FrozenDictionary<string, TModel> _known;

            public Memo(Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter converter)
            {
                _convert = ((Expression<Func<string, TModel>>)converter.ConvertFromProviderExpression).Compile();
                var known = new Dictionary<string, TModel>(StringComparer.Ordinal);
                foreach (var value in Enum.GetValues(Nullable.GetUnderlyingType(typeof(TModel)) ?? typeof(TModel)))
                    if (converter.ConvertToProvider(value) is string text && Equals(_convert(text), (TModel)value)) known.TryAdd(text, (TModel)value);
                _known = System.Collections.Frozen.FrozenDictionary.ToFrozenDictionary(known, StringComparer.Ordinal);
            }

            public TModel Convert(string text) => _known.TryGetValue(text, out var value) ? value : _convert(text);
        }
    }

    private static Column ColumnOf(IProperty p, string alias, Nav? nav) => new($"{alias}.{p.GetColumnName()}", p, nav);
}
