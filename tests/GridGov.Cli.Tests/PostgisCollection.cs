using GridGov.Testing;

namespace GridGov.Cli.Tests;

[CollectionDefinition(Name)]
public class PostgisCollection : ICollectionFixture<PostgisFixture>
{
    public const string Name = "postgis";
}
