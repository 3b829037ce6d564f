using GraphQL;
using GraphQL.Types;
using GraphQL.Utilities;

namespace GridGov.Api.Infrastructure;

/// <summary>Prints the served schema in SDL, as checked in at server/schema.graphql.</summary>
public static class SchemaPrinting
{
    public static string Print(ISchema schema)
    {
        schema.Initialize();
        return schema.Print(new PrintOptions { IncludeDescriptions = true, IncludeDeprecationReasons = true }).ReplaceLineEndings("\n").TrimEnd() + "\n";
    }
}
