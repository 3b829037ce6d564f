using System.Numerics;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser.AST;
using GridGov.Api.Resources;

namespace GridGov.Api.Infrastructure;

/// <summary>
/// Argument values checked at the edge, after variables are known and before anything runs, for
/// cached documents too: an ID must be a number that fits (our keys are bigint; a resolver's
/// conversion would otherwise fail as an internal error), no text may carry a NUL (PostgreSQL
/// refuses it mid-statement), and no text is longer than <see cref="MaxTextChars"/> (columns are
/// for anything not stored). A text stored in a column is held to that column's length, named by
/// its Chinese label (<see cref="ColumnLengths"/>).
/// </summary>
public sealed class InputLimitsRule(ColumnLengths columns) : ValidationRuleBase
{
    public const int MaxTextChars = 10_000;

    /// <summary>ID arguments that are not database keys ("Type.field.argument").</summary>
    private static readonly HashSet<string> TextIds = new(StringComparer.Ordinal) { "Query.importJob.id" };

    public override ValueTask<INodeVisitor?> GetPostNodeVisitorAsync(ValidationContext context) =>
        context.ArgumentValues is null ? default : new(new MatchingNodeVisitor<GraphQLField>((field, ctx) =>
        {
            var def = ctx.TypeInfo.GetFieldDef();
            if (def?.Arguments is null || ctx.ArgumentValues?.TryGetValue(field, out var values) != true || values is null) return;
            var parent = ctx.TypeInfo.GetParentType()?.Name;
            foreach (var arg in def.Arguments)
            {
                if (!values.TryGetValue(arg.Name, out var value) || value.Value is null) continue;
                var coordinate = $"{parent}.{def.Name}.{arg.Name}";
                if (Check(arg.ResolvedType, value.Value, coordinate, TextIds.Contains(coordinate)) is { } text)
                {
                    ctx.ReportError(new AccessError(ctx, field, GridGovError.Invalid(text(arg.Name))));
                    return;
                }
            }
        }));

    /// <summary>The message (given the argument's name) of the first bad value, or null.</summary>
    private Func<string, BilingualText>? Check(IGraphType? type, object? value, string coordinate, bool textId)
    {
        if (value is null) return null;
        while (type is NonNullGraphType nn) type = nn.ResolvedType;
        switch (value)
        {
            case string s:
                if (s.Contains('\0')) return Messages.TextHasNul;
                if (s.Length > MaxTextChars) return name => Messages.TextTooLong(name, s.Length, MaxTextChars);
                if (columns.For(coordinate) is { } column && ColumnLengths.Characters(s) is var n && n > column.Max)
                    return _ => Messages.FieldTooLong(Messages.FieldLabel(column.Label), n, column.Max);
                if (type is IdGraphType && !textId && !long.TryParse(s, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _))
                    return Messages.IdMalformed;
                return null;
            case BigInteger b when type is IdGraphType && (b > long.MaxValue || b < long.MinValue):
                return Messages.IdMalformed;
            case IDictionary<string, object?> dict:
                var fields = type as IInputObjectGraphType;
                foreach (var (k, v) in dict)
                    if (Check(fields?.GetField(k)?.ResolvedType, v, $"{fields?.Name}.{k}", false) is { } bad) return bad;
                return null;
            case System.Collections.IEnumerable list:
                var item = (type as ListGraphType)?.ResolvedType;
                foreach (var v in list)
                    if (Check(item, v, coordinate, textId) is { } bad) return bad;
                return null;
            default:
                return null;
        }
    }
}
