using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Types;
using GraphQLParser.AST;
using GridGov.Domain.Access;
using GridGov.Persistence.Sql;
using Npgsql;

namespace GridGov.Api.Infrastructure;
public sealed partial class DirectReads
{
    // ---------------------------------------------------------------- one request

    private sealed class Run(DirectPlan plan, ISchema schema, Caller caller, System.Security.Claims.ClaimsPrincipal user, Inputs? variables,
        IServiceProvider services, CancellationToken cancel)
    {
        private readonly Dictionary<Leaf, ResolveFieldContext> _contexts = [];
        private readonly Dictionary<string, object?> _userContext = [];
        public Caller Caller => caller;
        public CancellationToken Cancel => cancel;
        public DateTimeOffset Now { get; } = services.GetRequiredService<TimeProvider>().GetUtcNow();

        /// <summary>An argument's value for this request; a variable of a type the plan did not expect is a fallback.</summary>
        public object? Value(ValueSource s)
        {
            if (s.Variable is null) return s.Literal;
            if (variables is not null && variables.TryGetValue(s.Variable, out var raw))
            {
                if (raw is null) return null;
                if (s.Type is EnumerationGraphType) return raw is string ? Parse(s.Type, raw) : throw new Fallback();
                if (s.Type is StringGraphType or IdGraphType) return raw is string ? raw : throw new Fallback();
                if (s.Type is IntGraphType) return raw is int or long ? raw : throw new Fallback();
                if (s.Type is BooleanGraphType) return raw is bool ? raw : throw new Fallback();
                if (s.Type is DateTimeOffsetGraphType) return raw is string ? Parse(s.Type, raw) : throw new Fallback();
                throw new Fallback();
            }
            return s.Default is null ? null : s.Default is GraphQLNullValue ? null : s.Type!.ParseLiteral(s.Default);
        }

        private bool Provided(ValueSource s) =>
            s.Variable is null || variables?.ContainsKey(s.Variable) == true || s.Default is not null;

        private static object? Parse(ScalarGraphType type, object raw)
        {
            try { return type.ParseValue(raw); }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException) { throw new Fallback(); }
        }

        /// <summary>One resolve context per leaf and request, re-pointed at each row (resolvers read Source, User and arguments).</summary>
        public ResolveFieldContext Context(Leaf leaf, object source)
        {
            if (!_contexts.TryGetValue(leaf, out var ctx))
            {
                Dictionary<string, ArgumentValue>? args = null;
                foreach (var (name, src, def) in leaf.Arguments)
                {
                    args ??= [];
                    // A variable the request leaves out (and without its own default) leaves the argument to the field's default.
                    args[name] = src is null || !Provided(src) ? new ArgumentValue(def, ArgumentSource.FieldDefault)
                        : new ArgumentValue(Value(src), src.Variable is null ? ArgumentSource.Literal
                            : variables?.ContainsKey(src.Variable) == true ? ArgumentSource.Variable : ArgumentSource.VariableDefault);
                }
                ctx = new ResolveFieldContext
                {
                    FieldAst = leaf.Ast,
                    FieldDefinition = leaf.Field,
                    ParentType = leaf.Parent,
                    Arguments = args,
                    Schema = schema,
                    Document = plan.Document,
                    Operation = plan.Operation,
                    User = user,
                    RequestServices = services,
                    CancellationToken = Cancel,
                    UserContext = _userContext,
                };
                _contexts[leaf] = ctx;
            }
            ctx.Source = source;
            return ctx;
        }
    }
}
