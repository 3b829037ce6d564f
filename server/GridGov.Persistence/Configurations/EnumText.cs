using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Persistence.Configurations;

/// <summary>Enums are stored as snake_case text with a CHECK listing the allowed values,
/// so rows written by raw SQL or COPY can't hold a value the code doesn't know.</summary>
internal static class EnumText
{
    public static string Value<T>(T v) where T : struct, Enum => GridGovDbContext.SnakeCase(v.ToString());

    public static T Parse<T>(string s) where T : struct, Enum =>
        Enum.Parse<T>(s.Replace("_", ""), ignoreCase: true);

    public static PropertyBuilder<T> AsText<T>(this PropertyBuilder<T> p) where T : struct, Enum =>
        p.HasConversion(v => Value(v), s => Parse<T>(s)).HasMaxLength(32);

    public static string Check<T>(string column) where T : struct, Enum =>
        $"{column} IN ({string.Join(", ", Enum.GetValues<T>().Select(v => $"'{Value(v)}'"))})";

    public static void CheckEnum<TEntity, T>(this EntityTypeBuilder<TEntity> e, string table, string column)
        where TEntity : class where T : struct, Enum =>
        e.ToTable(t => t.HasCheckConstraint($"ck_{table}_{column}", Check<T>(column)));
}
