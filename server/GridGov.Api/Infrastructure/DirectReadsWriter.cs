using System.Text.Json;
using GraphQL.Types;
using GridGov.Persistence.Sql;

namespace GridGov.Api.Infrastructure;

/// <summary>The direct path's JSON: the response written straight from the rows, each leaf through its resolver and scalar type.</summary>
public sealed partial class DirectReads
{
    private void WriteList(Utf8JsonWriter w, Fetched f, Run run)
    {
        var root = f.Root;
        if (!root.List.Paged)
        {
            w.WriteStartArray();
            foreach (var row in f.Rows) WriteObject(w, root.Node!, row.Row, row.Related, run, f);
            w.WriteEndArray();
            return;
        }
        var page = f.Rows.Count > f.First ? f.Rows.GetRange(0, f.First) : f.Rows;
        string? Cursor(PageRow r) => Paging.Cursor(root.Shape.Key(r.Row));
        w.WriteStartObject();
        foreach (var (key, part) in root.Connection)
        {
            w.WritePropertyName(key);
            switch (part)
            {
                case ConnectionPart.TotalCount: w.WriteNumberValue(f.Total); break;
                case ConnectionPart.Typename t: w.WriteStringValue(t.Name); break;
                case ConnectionPart.Nodes nodes:
                    w.WriteStartArray();
                    foreach (var r in page) WriteObject(w, nodes.Selection, r.Row, r.Related, run, f);
                    w.WriteEndArray();
                    break;
                case ConnectionPart.Edges edges:
                    w.WriteStartArray();
                    foreach (var r in page)
                    {
                        w.WriteStartObject();
                        foreach (var (ek, ep) in edges.Parts)
                        {
                            w.WritePropertyName(ek);
                            switch (ep)
                            {
                                case ConnectionPart.Cursor: w.WriteStringValue(Cursor(r)); break;
                                case ConnectionPart.Typename t: w.WriteStringValue(t.Name); break;
                                case ConnectionPart.Node n: WriteObject(w, n.Selection, r.Row, r.Related, run, f); break;
                            }
                        }
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    break;
                case ConnectionPart.PageInfo info:
                    w.WriteStartObject();
                    foreach (var (pk, field) in info.Fields)
                    {
                        w.WritePropertyName(pk);
                        switch (field)
                        {
                            case "hasNextPage": w.WriteBooleanValue(f.Rows.Count > f.First); break;
                            case "hasPreviousPage": w.WriteBooleanValue(f.HasPrevious); break;
                            case "startCursor": if (page.Count > 0) w.WriteStringValue(Cursor(page[0])); else w.WriteNullValue(); break;
                            case "endCursor": if (page.Count > 0) w.WriteStringValue(Cursor(page[^1])); else w.WriteNullValue(); break;
                            default: w.WriteStringValue(field); break; // __typename: the name was stored instead
                        }
                    }
                    w.WriteEndObject();
                    break;
            }
        }
        w.WriteEndObject();
    }

    /// <param name="page">The page of a root's row (its children by the row's id); null below the root's rows.</param>
    private void WriteObject(Utf8JsonWriter w, ObjectSelection sel, object source, object? related, Run run, Fetched? page)
    {
        w.WriteStartObject();
        foreach (var leaf in sel.Fields)
        {
            w.WritePropertyName(leaf.Key);
            if (leaf.Typename is { } t) { w.WriteStringValue(t); continue; }
            if (leaf.Related is { } nested)
            {
                if (related is null)
                {
                    // A leader id without a visible row: the usual path would answer null for a nullable field.
                    if (leaf.Field.ResolvedType is NonNullGraphType) throw new Fallback();
                    w.WriteNullValue();
                }
                else WriteObject(w, nested, related, null, run, null);
                continue;
            }
            if (leaf.Child is { } child)
            {
                WriteChildren(w, child, page!.Children[child.Index].Of(page.Root.Shape.Key(source)), run);
                continue;
            }
            var ctx = run.Context(leaf, source);
            var value = leaf.Field.Resolver!.ResolveAsync(ctx);
            // Leaf resolvers of the compiled types are synchronous; anything else is not ours to guess.
            if (!value.IsCompletedSuccessfully) throw new Fallback();
            // The common scalars straight to the writer (the same bytes: the writer's encoder escapes either way);
            // anything else through the serializer's own converters.
            switch (Serialize(leaf.Field.ResolvedType!, value.Result))
            {
                case null: w.WriteNullValue(); break;
                case string s: w.WriteStringValue(s); break;
                case bool b: w.WriteBooleanValue(b); break;
                case int i: w.WriteNumberValue(i); break;
                case long l: w.WriteNumberValue(l); break;
                case var other: JsonSerializer.Serialize(w, other, _json); break;
            }
        }
        w.WriteEndObject();
    }

    private void WriteChildren(Utf8JsonWriter w, ChildPlan child, IReadOnlyList<PageRow> rows, Run run)
    {
        if (child.Def.Single)
        {
            // Two rows where the usual path's loader expects one (it would fail): not ours to answer.
            if (rows.Count > 1) throw new Fallback();
            if (rows.Count == 0) w.WriteNullValue();
            else WriteObject(w, child.Selection, rows[0].Row, rows[0].Related, run, null);
            return;
        }
        w.WriteStartArray();
        foreach (var r in rows) WriteObject(w, child.Selection, r.Row, r.Related, run, null);
        w.WriteEndArray();
    }

    private static object? Serialize(IGraphType type, object? value)
    {
        if (value is null && type is not NonNullGraphType) return null;
        switch (type)
        {
            case NonNullGraphType nn:
                return Serialize(nn.ResolvedType!, value) ?? throw new Fallback();
            case ListGraphType list when value is System.Collections.IEnumerable items and not string:
                var result = new List<object?>();
                foreach (var item in items) result.Add(Serialize(list.ResolvedType!, item));
                return result;
            case ScalarGraphType scalar:
                return value is null ? null : scalar.Serialize(value) ?? throw new Fallback();
            default:
                throw new Fallback();
        }
    }
}
