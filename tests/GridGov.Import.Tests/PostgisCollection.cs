using GridGov.Testing;

namespace GridGov.Import.Tests;

[CollectionDefinition(Name)]
public class PostgisCollection : ICollectionFixture<PostgisFixture>
{
    public const string Name = "postgis";
}
